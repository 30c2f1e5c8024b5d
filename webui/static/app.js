// Dashboard behaviour: the rule editor's live check and test, and the live
// attack feed. Served as a file (the CSP forbids inline script). Every
// string from the server is inserted with textContent, never as HTML.
"use strict";

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function postJSON(url, csrf, body) {
  return fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRF-Token": csrf},
    body: JSON.stringify(body),
  }).then(r => r.json().then(j => ({status: r.status, body: j})));
}

function showProblems(box, problems) {
  box.replaceChildren();
  if (!problems || problems.length === 0) {
    box.appendChild(el("p", "ok", "No problem found."));
    box.dataset.state = "ok";
    return;
  }
  const ul = el("ul", "error");
  for (const p of problems) {
    const where = p.line ? "line " + p.line + ", column " + p.column + ": " : "";
    ul.appendChild(el("li", "problem", where + p.message));
  }
  box.appendChild(ul);
  box.dataset.state = "error";
}

function ruleEditor() {
  const src = document.getElementById("source");
  if (!src) return;
  const box = document.getElementById("problems");
  const csrf = src.dataset.csrf;
  let timer = 0, seq = 0;
  const check = () => {
    const mine = ++seq;
    postJSON("/rules/check", csrf, {source: src.value, request: {}}).then(res => {
      if (mine !== seq) return; // a newer check is on its way
      if (res.status !== 200) { showProblems(box, [{message: res.body.error || "check failed"}]); return; }
      showProblems(box, res.body.problems);
    }).catch(() => showProblems(box, [{message: "could not reach the server"}]));
  };
  src.addEventListener("input", () => {
    // What is on screen was said of the previous text: not "ok" any more.
    box.replaceChildren(el("p", "muted", "Checking..."));
    box.dataset.state = "checking";
    clearTimeout(timer); timer = setTimeout(check, 300);
  });
  check();

  const btn = document.getElementById("test-rule");
  const out = document.getElementById("test-result");
  const failed = msg => { out.replaceChildren(el("p", "error", msg)); out.dataset.state = "error"; };
  btn.addEventListener("click", () => {
    let req;
    try { req = JSON.parse(document.getElementById("fixture").value); }
    catch (e) { failed("The request is not valid JSON: " + e.message); return; }
    out.replaceChildren(el("p", "muted", "Testing..."));
    out.dataset.state = "testing";
    postJSON("/rules/test", csrf, {source: src.value, request: req}).then(res => {
      out.replaceChildren();
      if (res.status !== 200) { failed(res.body.error || "test failed"); return; }
      if (res.body.problems.length > 0) { showProblems(out, res.body.problems); return; }
      if (res.body.matched.length === 0) { out.appendChild(el("p", "muted", "No rule matched this request.")); out.dataset.state = "nomatch"; return; }
      out.appendChild(el("p", "ok", "Matched: " + res.body.matched.join(", ") + " (" + res.body.actions.join(", ") + ")"));
      out.dataset.state = "match";
    }).catch(() => failed("could not reach the server"));
  });
}

function liveFeed() {
  const table = document.getElementById("live");
  if (!table || !window.EventSource) return;
  const state = document.getElementById("live-state");
  const body = table.tBodies[0];
  const app = table.dataset.app;
  const es = new EventSource("/events/live" + (app ? "?app=" + encodeURIComponent(app) : ""));
  es.onopen = () => { state.textContent = "(connected)"; };
  es.onerror = () => { state.textContent = "(reconnecting)"; };
  es.addEventListener("attack", msg => {
    let ev;
    try { ev = JSON.parse(msg.data); } catch (e) { return; }
    const tr = el("tr", "ev new");
    const when = el("td"); const a = el("a", "", ev.time);
    a.href = "/events/" + encodeURIComponent(ev.id); when.appendChild(a); tr.appendChild(when);
    const kind = el("td"); kind.appendChild(el("span", "tag", ev.kind)); tr.appendChild(kind);
    const rule = el("td"); rule.appendChild(el("code", "", ev.rule)); tr.appendChild(rule);
    const act = el("td"); act.appendChild(el("span", "act " + (ev.action === "blocked" ? "blocked" : "monitored"), ev.action)); tr.appendChild(act);
    const ip = el("td"); ip.appendChild(el("code", "", ev.ip)); tr.appendChild(ip);
    const tg = el("td"); tg.appendChild(el("code", "", ev.target)); tr.appendChild(tg);
    tr.appendChild(el("td", "evidence", ""));
    body.insertBefore(tr, body.firstChild);
    while (body.rows.length > 50) body.deleteRow(body.rows.length - 1);
  });
}

function playbookEditor() {
  const cond = document.getElementById("condition");
  if (!cond) return;
  const form = document.getElementById("playbook-form");
  const subject = form.querySelector("select[name=subject]");
  const box = document.getElementById("pb-problems");
  let timer = 0, seq = 0;
  const check = () => {
    const mine = ++seq;
    postJSON("/playbooks/check", cond.dataset.csrf, {subject: subject.value, condition: cond.value}).then(res => {
      if (mine !== seq) return;
      if (res.status !== 200) { showProblems(box, [{message: res.body.error || "check failed"}]); return; }
      showProblems(box, res.body.problems);
    }).catch(() => showProblems(box, [{message: "could not reach the server"}]));
  };
  const later = () => { clearTimeout(timer); timer = setTimeout(check, 300); };
  cond.addEventListener("input", later);
  subject.addEventListener("change", later);
  check();
}

document.addEventListener("DOMContentLoaded", () => { ruleEditor(); playbookEditor(); liveFeed(); });
