/* The compliance gate's findings beside the content they concern, in the page
 * editor (docs/decisions/0407-findings-beside-fields.md).
 *
 * The findings of the page's latest draft come from
 * /admin/editorial/pages/<id>/gate-findings/ (JSON); each is placed under the
 * field it concerns (title, a rich text field, an attachment), with its line,
 * column and masked evidence. Blocking findings look like Wagtail's field errors
 * and the first one is scrolled into view; warnings are a quieter note.
 * No inline script: the admin's Content Security Policy allows 'self' only.
 */
(function () {
  "use strict";

  var script = document.currentScript;

  function pageId() {
    var form = document.getElementById("page-edit-form");
    var match = form && (form.getAttribute("action") || "").match(/\/pages\/(\d+)\/edit\//);
    return match ? match[1] : null;
  }

  function attachmentTarget(documentId) {
    var inputs = document.querySelectorAll('input[name^="attachments-"][name$="-document"]');
    for (var i = 0; i < inputs.length; i += 1) {
      if (inputs[i].value === documentId) {
        return inputs[i].closest("[data-inline-panel-child]") || inputs[i].closest("[data-field]");
      }
    }
    return document.querySelector('[id$="-attachments-section"]');
  }

  function fieldTarget(field) {
    if (field.indexOf("attachment:") === 0) {
      return attachmentTarget(field.slice("attachment:".length));
    }
    return document.querySelector('[data-contentpath="' + CSS.escape(field) + '"]');
  }

  function noteFor(finding) {
    var note = document.createElement("p");
    note.className = "jiyue-gate-note " + (finding.blocking
      ? "jiyue-gate-note--blocking error-message" : "jiyue-gate-note--warning");
    note.dataset.gateField = finding.field;
    note.dataset.gateType = finding.type;
    var badge = document.createElement("strong");
    badge.className = "jiyue-gate-note__badge";
    badge.textContent = finding.badge;
    note.appendChild(badge);
    if (finding.where) {
      var where = document.createElement("span");
      where.className = "jiyue-gate-note__where";
      where.textContent = finding.where;
      note.appendChild(where);
    }
    note.appendChild(document.createTextNode(finding.message));
    if (finding.evidence && finding.message.indexOf(finding.evidence) === -1) {
      var evidence = document.createElement("code");
      evidence.className = "jiyue-gate-note__evidence";
      evidence.textContent = finding.evidence;
      note.appendChild(evidence);
    }
    return note;
  }

  function boxFor(target, fallback) {
    var place = target || fallback;
    var box = place.querySelector(":scope > .jiyue-gate-notes");
    if (!box) {
      box = document.createElement("div");
      box.className = "jiyue-gate-notes";
      box.setAttribute("role", "group");
      box.setAttribute("aria-label", script.dataset.label || "");
      var errors = target && target.querySelector(":scope > [data-field-errors]");
      if (errors) {
        errors.insertAdjacentElement("afterend", box);
      } else {
        place.insertBefore(box, place.firstChild);
      }
    }
    if (target && target.matches("[data-field]")) {
      target.classList.add("jiyue-gate-field");
    }
    return box;
  }

  function overrideLink(data) {
    var link = document.createElement("a");
    link.className = "jiyue-gate-note__override button button-small button-secondary";
    link.href = data.override_url;
    link.textContent = data.override_label;
    return link;
  }

  function render(data) {
    var fallback = document.querySelector("#page-edit-form .tab-content") ||
      document.getElementById("page-edit-form");
    var first = null;
    data.findings.forEach(function (finding) {
      var target = fieldTarget(finding.field);
      var box = boxFor(target, fallback);
      var note = noteFor(finding);
      box.appendChild(note);
      if (finding.blocking) {
        if (target && target.matches("[data-field]")) {
          target.classList.add("w-field--error");
        }
        if (!first) {
          first = note;
          if (data.override_url) {
            note.appendChild(overrideLink(data));
          }
        }
      }
    });
    document.body.dataset.gateFindings = String(data.findings.length);
    if (first) {
      first.setAttribute("tabindex", "-1");
      first.scrollIntoView({ block: "center" });
    }
  }

  function load() {
    var id = pageId();
    if (!id || !script) {
      return;
    }
    var url = script.dataset.findingsUrl.replace("/0/", "/" + id + "/");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) {
          render(data);
        }
      })
      .catch(function () { /* the messages at the top still list the findings */ });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", load);
  } else {
    load();
  }
}());
