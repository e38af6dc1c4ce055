// Polls an import's (or an export job's) progress and reloads the page when it ends: both
// progress endpoints answer {running, processed, label} (imports.views).
(function () {
  const box = document.getElementById("import-progress");
  if (!box) return;
  const bar = box.querySelector("progress");
  const rows = box.querySelector("[data-progress-rows]");
  const label = box.querySelector("[data-progress-label]");
  function poll() {
    fetch(box.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (!data.running) { window.location.reload(); return; }
        if (rows) rows.textContent = data.processed.toLocaleString("vi-VN");
        label.textContent = data.label;
        if (bar.max > 1) bar.value = data.processed;
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
