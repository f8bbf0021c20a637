/* Live transcript of an online interview (在线访谈): progressive enhancement.
   Without JavaScript the page shows the transcript as published; with it, the
   list is extended from the public API every 10 seconds while the interview
   is not over. No inline script: the CSP allows scripts from our files only. */
(function () {
  "use strict";
  var INTERVAL = 10000;
  var list = document.getElementById("transcript");
  if (!list || !window.fetch) { return; }
  var status = document.getElementById("transcript-status");
  var after = parseInt(list.getAttribute("data-after"), 10) || 0;
  var timer = null;

  function entry(item) {
    var li = document.createElement("li");
    li.className = "entry entry-" + item.role;
    li.setAttribute("data-seq", String(item.seq));
    var head = document.createElement("p");
    head.className = "speaker";
    var who = document.createElement("strong");
    who.textContent = item.role_label + "\u3000" + item.speaker;
    var time = document.createElement("time");
    time.setAttribute("datetime", item.posted_at);
    time.textContent = item.time;
    head.appendChild(who);
    head.appendChild(document.createTextNode(" "));
    head.appendChild(time);
    var body = document.createElement("div");
    body.className = "citizen-text";
    item.content.split("\n").forEach(function (line, i) {
      if (i) { body.appendChild(document.createElement("br")); }
      body.appendChild(document.createTextNode(line));
    });
    li.appendChild(head);
    li.appendChild(body);
    return li;
  }

  function apply(data) {
    var empty = document.getElementById("transcript-empty");
    data.entries.forEach(function (item) {
      if (item.seq > after) {
        list.appendChild(entry(item));
        after = item.seq;
        if (empty) { empty.remove(); empty = null; }
      }
    });
    if (status && data.status_text) { status.textContent = data.status_text; }
    list.setAttribute("data-phase", data.phase);
    if (data.phase === "closed" && timer) { clearInterval(timer); timer = null; }
  }

  function poll() {
    fetch(list.getAttribute("data-src") + "?after=" + after, {
      headers: { "Accept": "application/json" }, credentials: "omit"
    }).then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { apply(data); } })
      .catch(function () { /* offline for a moment: the next poll retries */ });
  }

  poll();
  if (list.getAttribute("data-phase") !== "closed") {
    timer = setInterval(poll, INTERVAL);
  }
}());
