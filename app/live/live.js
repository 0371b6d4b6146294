// Draftroom's live page: applies the server's updates (server-sent events) part by part,
// so the reader keeps their place; without JavaScript the page reloads instead.
"use strict";
(function () {
  const token = new URLSearchParams(location.search).get("token");
  let follow = false;

  function part(key) {
    return document.querySelector('[data-part="' + CSS.escape(key) + '"]');
  }

  function apply(update) {
    const main = document.getElementById("live");
    const bar = document.querySelector(".live-bar");
    const fresh = new Map();
    for (const [key, html] of Object.entries(update.html)) {
      let el = part(key);
      if (!el) {
        el = document.createElement("div");
        el.dataset.part = key;
      } else if (!update.full && key !== "counts" && key !== "masthead" && key !== "footnotes") {
        el.classList.remove("changed");
        void el.offsetWidth; // restart the highlight
        el.classList.add("changed");
      }
      el.innerHTML = html;
      fresh.set(key, el);
    }
    if (update.order) {
      const kept = new Map();
      for (const el of main.children) kept.set(el.dataset.part, el);
      const order = update.order.filter((key) => key !== "counts");
      main.replaceChildren(...order.map((key) => fresh.get(key) || kept.get(key)).filter(Boolean));
    }
    for (const el of main.querySelectorAll(".here")) el.classList.remove("here");
    const here = update.here ? part(update.here) : null;
    if (here) {
      here.classList.add("here");
      if (follow) here.scrollIntoView({ block: "center" });
    }
    bar.dataset.version = update.version;
    const state = bar.querySelector(".state");
    state.textContent = update.state;
    state.className = update.problem ? "state problem" : "state";
  }

  function start() {
    const bar = document.querySelector(".live-bar");
    const label = document.createElement("label");
    label.innerHTML = ' · <input type="checkbox"> follow the facilitator';
    label.querySelector("input").addEventListener("change", (event) => {
      follow = event.target.checked;
      const here = document.querySelector(".here");
      if (follow && here) here.scrollIntoView({ block: "center" });
    });
    bar.appendChild(label);
    const query = new URLSearchParams({ since: bar.dataset.version });
    if (token) query.set("token", token);
    const source = new EventSource("/events?" + query); // (the page it shows: no update)
    source.addEventListener("page", (event) => apply(JSON.parse(event.data)));
    source.addEventListener("error", () => {
      bar.querySelector(".state").textContent = "Reconnecting…";
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
