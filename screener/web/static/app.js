// screener serve: dropping files (with live progress), keyboard use of the list. No library, nothing fetched
// from elsewhere. Text from resumes is only ever set as textContent.
"use strict";
(function () {
  var csrf = (document.querySelector('meta[name="csrf"]') || {}).content || "";
  var drop = document.getElementById("drop");

  function el(tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  }

  // ------------------------------------------------------------------ files: picked or dropped
  function readEntry(entry, out) {
    return new Promise(function (resolve) {
      if (entry.isFile) {
        entry.file(function (f) { out.push(f); resolve(); }, function () { resolve(); });
      } else if (entry.isDirectory) {
        var reader = entry.createReader(), all = [];
        (function more() {
          reader.readEntries(function (batch) {
            if (!batch.length) { Promise.all(all.map(function (e) { return readEntry(e, out); })).then(resolve); return; }
            all = all.concat(Array.prototype.slice.call(batch)); more();
          }, function () { resolve(); });
        })();
      } else { resolve(); }
    });
  }

  function filesOf(dataTransfer) {
    var items = dataTransfer.items, out = [], waits = [];
    if (items && items.length && items[0].webkitGetAsEntry) {
      for (var i = 0; i < items.length; i++) {
        var entry = items[i].webkitGetAsEntry();
        if (entry) waits.push(readEntry(entry, out));
      }
      return Promise.all(waits).then(function () { return out; });
    }
    return Promise.resolve(Array.prototype.slice.call(dataTransfer.files));
  }

  function show(text) {
    document.getElementById("progress").hidden = false;
    document.getElementById("progress-text").textContent = text;
  }

  function problem(text) {
    document.getElementById("problems").appendChild(el("li", text));
  }

  function upload(files) {
    if (!files.length) return;
    drop.hidden = false;
    document.getElementById("problems").textContent = "";
    document.documentElement.setAttribute("data-upload", "sending");
    var form = new FormData();
    files.forEach(function (f) { form.append("files", f, f.webkitRelativePath || f.name); });
    show("Sending " + files.length + " file(s)…");
    fetch("/upload", { method: "POST", body: form, headers: { "X-CSRF-Token": csrf }, credentials: "same-origin" })
      .then(function (r) {
        return r.json().catch(function () { return { error: "the server answered " + r.status }; })
          .then(function (body) { if (!r.ok) throw new Error(body.detail || body.error || ("error " + r.status)); return body; });
      })
      .then(function (body) {
        body.refused.forEach(function (x) { problem(x.name + ": " + x.reason); });
        if (body.job === null) {
          show("Nothing to screen.");
          document.documentElement.setAttribute("data-upload", "done");
          return;
        }
        show("Saved " + body.saved.length + " file(s) into the inbox; screening…");
        follow(body.job);
      })
      .catch(function (err) {
        show("The files were not sent: " + err.message);
        document.documentElement.setAttribute("data-upload", "failed");
      });
  }

  function follow(job) {
    var source = new EventSource("/events/" + job);
    var bar = document.getElementById("bar");
    document.documentElement.setAttribute("data-upload", "screening");
    function on(kind, fn) { source.addEventListener(kind, function (e) { fn(JSON.parse(e.data)); }); }
    on("started", function (m) { show(m.message); });
    on("waiting", function (m) { show(m.message); });
    on("planned", function (m) {
      bar.max = Math.max(m.to_screen, 1); bar.value = 0;
      show("Screening " + m.to_screen + " file(s); " + m.reused + " already known.");
    });
    on("screened", function (m) {
      bar.value = m.done;
      show("Screened " + m.done + " of " + m.total + ": " + m.file);
      if (m.reason) problem(m.file + " (" + m.status + "): " + m.reason);
    });
    on("finished", function (m) {
      source.close();
      bar.value = bar.max;
      var c = m.counts;
      show("Done: " + c.ranked + " ranked, " + c.failed + " could not be read, " + c.duplicates + " duplicate(s). Reload to see the list.");
      m.failed.forEach(function (f) { problem(f.file + " (" + f.status + "): " + f.reason); });
      document.documentElement.setAttribute("data-upload", "done");
      var reload = el("button", "Show the new ranking");
      reload.type = "button";
      reload.id = "reload";
      reload.addEventListener("click", function () { location.reload(); });
      document.getElementById("progress").appendChild(reload);
    });
    on("error", function (m) {
      source.close();
      show("The screen stopped: " + m.message);
      document.documentElement.setAttribute("data-upload", "failed");
    });
  }

  var depth = 0;
  document.addEventListener("dragenter", function (e) { e.preventDefault(); depth++; document.body.classList.add("dragging"); });
  document.addEventListener("dragleave", function () { if (--depth <= 0) { depth = 0; document.body.classList.remove("dragging"); } });
  document.addEventListener("dragover", function (e) { e.preventDefault(); });
  document.addEventListener("drop", function (e) {
    e.preventDefault(); depth = 0; document.body.classList.remove("dragging");
    filesOf(e.dataTransfer).then(upload);
  });
  ["pick-files", "pick-folder"].forEach(function (id) {
    var input = document.getElementById(id);
    if (input) input.addEventListener("change", function () { upload(Array.prototype.slice.call(input.files)); input.value = ""; });
  });
  var add = document.querySelector("label.add");
  if (add) add.addEventListener("click", function () { drop.hidden = false; });

  // ------------------------------------------------------------------ the list by keyboard
  var rows = Array.prototype.slice.call(document.querySelectorAll("#ranked tbody tr[data-position]"));
  var current = -1;
  function move(to) {
    if (!rows.length) return;
    if (current >= 0) rows[current].classList.remove("current");
    current = Math.max(0, Math.min(rows.length - 1, to));
    rows[current].classList.add("current");
    rows[current].querySelector("a").focus();
  }
  document.addEventListener("keydown", function (e) {
    var t = e.target.tagName;
    if (t === "INPUT" || t === "SELECT" || t === "TEXTAREA" || e.ctrlKey || e.metaKey || e.altKey) return;
    if (e.key === "/") { var s = document.getElementById("search"); if (s) { e.preventDefault(); s.focus(); } }
    else if (e.key === "j") move(current + 1);
    else if (e.key === "k") move(current - 1);
    else if (e.key === "x" && current >= 0) { var box = rows[current].querySelector("input[type=checkbox]"); box.checked = !box.checked; }
  });
  var compareForm = document.getElementById("compare-form");
  if (compareForm) compareForm.addEventListener("submit", function (e) {
    var n = compareForm.querySelectorAll("input[name=p]:checked").length;
    if (n < 2 || n > 3) { e.preventDefault(); alert("Tick two or three candidates to compare."); }
  });
  // The timeline's bars: placed from their data (the page's policy allows no inline style).
  Array.prototype.forEach.call(document.querySelectorAll(".barfill"), function (b) {
    b.style.left = b.dataset.left + "%"; b.style.width = b.dataset.width + "%";
  });
  document.documentElement.setAttribute("data-ready", "true");
})();
