// draftkit's form: check as you type, preview, add and remove list rows, save without leaving the page.
// Served by the application itself (no network); the page works without it, less conveniently.
"use strict";
(function () {
  const form = document.getElementById("draft");
  if (!form) return;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const $ = (id) => document.getElementById(id);
  let seq = 0, timer = null, pending = null, changedAt = 0;

  // A date the browser cannot read (February 30) has no value; it is sent as words, so that validation says, at
  // the field's line and column, that it is not a date, and nothing can be downloaded while it stays.
  const UNREADABLE_DATE = "not a real calendar date";
  function fields() {
    const data = new URLSearchParams(new FormData(form));
    form.querySelectorAll('input[type="date"]').forEach((el) => {
      if (el.validity.badInput && !el.disabled) data.set(el.name, UNREADABLE_DATE);
    });
    return data;
  }

  function schedule() {
    changedAt = changedAt || performance.now();
    clearTimeout(timer);
    timer = setTimeout(check, 150);
  }

  async function check() {
    const mine = ++seq;
    if (pending) pending.abort();
    pending = new AbortController();
    $("preview-status").textContent = "Checking…";
    let answer;
    try {
      const response = await fetch(form.dataset.check, {method: "POST", body: fields(), signal: pending.signal,
        credentials: "same-origin", headers: {"X-CSRFToken": token, "Accept": "application/json"}});
      answer = await response.json();
      if (!response.ok) { $("preview-status").textContent = answer.error || "The check failed."; return; }
    } catch (e) {
      if (e.name !== "AbortError") $("preview-status").textContent = "The server did not answer; is it still running?";
      return;
    }
    if (mine !== seq) return;
    show(answer);
  }

  function show(answer) {
    document.querySelectorAll(".problem").forEach((el) => { el.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach((el) => el.removeAttribute("aria-invalid"));
    for (const p of answer.problems) {
      const box = p.target && document.querySelector(`.problem[data-for="${CSS.escape(p.target)}"]`);
      if (!box) continue;
      const span = document.createElement("span");
      span.className = p.todo ? "todo" : "error";
      span.textContent = p.message;
      box.appendChild(span);
      const input = $(p.id);
      if (input) input.setAttribute("aria-invalid", "true");
    }
    $("f-name-problem").textContent = answer.name_problem || "";
    if (answer.name_problem) $("f-name").setAttribute("aria-invalid", "true");
    $("problems").innerHTML = answer.summary;  // rendered and escaped by the server
    $("download").disabled = !answer.ok;
    const panes = $("panes");
    if (answer.preview) {
      $("ordinance").innerHTML = answer.preview.ordinance;  // rendered and escaped by the server
      $("redline").srcdoc = answer.preview.redline;
      panes.classList.remove("stale");
      const took = Math.round(performance.now() - changedAt);
      $("preview-status").textContent = `Up to date (built in ${answer.preview.ms} ms; ${took} ms after the change).`;
      form.dataset.previewMs = String(took);
    } else {
      panes.classList.add("stale");
      $("preview-status").textContent = "Out of date: the preview is drafted again once no problem remains.";
    }
    changedAt = 0;
  }

  // List rows: add from the list's <template>, remove, and renumber names, ids and labels.
  function renumber(list) {
    const name = list.dataset.list, id = list.dataset.id;
    const esc = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    list.querySelectorAll(":scope > ol > li.row").forEach((row, k) => {
      const old = row.dataset.index;
      const byName = new RegExp(esc(name + "[" + old + "]"), "g");
      const byId = new RegExp(esc(id + "-" + old) + "(?=-|\\s|$)", "g");
      for (const el of [row, ...row.querySelectorAll("*")]) {
        for (const attr of ["name", "id", "for", "aria-describedby", "data-for", "data-field", "data-toggles"]) {
          const value = el.getAttribute(attr);
          if (value) el.setAttribute(attr, value.replace(byName, name + "[" + k + "]").replace(byId, id + "-" + k));
        }
      }
      row.dataset.index = String(k);
      row.querySelectorAll(".n").forEach((n) => { if (n.closest("li.row") === row) n.textContent = String(k + 1); });
    });
  }

  form.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add]");
    const remove = event.target.closest("[data-remove]");
    if (add) {
      const list = $(add.dataset.add), rows = $(add.dataset.add + "-rows");
      const fresh = $(add.dataset.add + "-new").content.firstElementChild.cloneNode(true);
      fresh.dataset.index = "__i__";
      rows.appendChild(fresh);
      renumber(list);
      const first = fresh.querySelector("input, select, textarea");
      if (first) first.focus();
      schedule();
    } else if (remove) {
      const row = remove.closest("li.row"), list = row.closest("[data-list]");
      const next = row.nextElementSibling || row.previousElementSibling;
      row.remove();
      renumber(list);
      const focus = next ? next.querySelector("input, select, textarea") : list.querySelector("[data-add]");
      (focus || list.querySelector("[data-add]")).focus();
      schedule();
    }
  });

  // A group that may be left empty (null) is filled in only while its box is ticked.
  form.addEventListener("change", (event) => {
    const box = event.target.closest("[data-toggles]");
    if (box) { const body = $(box.dataset.toggles); body.disabled = !box.checked; body.hidden = !box.checked; }
  });
  form.addEventListener("input", schedule);
  form.addEventListener("change", schedule);

  // Save stays on the page (and keeps the file's version for the next save); Enter in a field only checks.
  form.addEventListener("submit", async (event) => {
    const by = event.submitter;
    const unreadable = [...form.querySelectorAll('input[type="date"]')].some((el) => el.validity.badInput);
    if (by && by.id === "download" && !unreadable) return;  // the browser downloads the ZIP
    event.preventDefault();
    if (!by || by.id !== "save") { check(); return; }
    const status = $("status");
    status.textContent = "Saving…";
    try {
      const response = await fetch(form.dataset.save, {method: "POST", body: fields(), credentials: "same-origin",
        headers: {"X-CSRFToken": token, "Accept": "application/json"}});
      const answer = await response.json();
      if (!response.ok) { status.textContent = "Not saved: " + answer.error; status.className = "refusal"; return; }
      $("version").value = answer.version;
      status.className = "";
      status.textContent = answer.message[0].toUpperCase() + answer.message.slice(1) + ".";
      history.replaceState(null, "", "/edit/" + encodeURIComponent(answer.name));
    } catch (e) {
      status.textContent = "Not saved: the server did not answer; is it still running?";
    }
  });
  if (!$("ordinance").textContent.trim()) check();
})();
