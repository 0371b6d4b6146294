"""The live room: what followers, the projector and the delegates' web page see of a draft
as the facilitator works (no textual here: the room's follower is in :mod:`app.tui`)."""
