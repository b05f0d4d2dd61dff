// Small progressive enhancements; every page works without them.
document.addEventListener("change", (event) => {
  const select = event.target.closest("select[data-autosubmit]");
  if (select) select.form.requestSubmit();
});
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const source = document.querySelector(button.dataset.copy);
  if (!source) return;
  source.select();
  try {
    await navigator.clipboard.writeText(source.value);
    button.textContent = "Copied";
  } catch {
    button.textContent = "Press Ctrl+C";
  }
});

// Waveforms: draw the precomputed peaks; a click seeks the player to that point.
function drawWaveform(canvas) {
  const audio = canvas.closest("[data-player]").querySelector("audio");
  const peaks = canvas.dataset.peaks.split(",").map(Number);
  const paint = () => {
    const width = canvas.clientWidth, height = canvas.height;
    canvas.width = width;
    const ctx = canvas.getContext("2d");
    const played = audio.duration ? audio.currentTime / audio.duration : 0;
    ctx.clearRect(0, 0, width, height);
    peaks.forEach((peak, i) => {
      const x = (i / peaks.length) * width;
      const bar = Math.max(1, peak * (height - 4));
      ctx.fillStyle = i / peaks.length < played ? "#6b3fd1" : "#c9bfe6";
      ctx.fillRect(x, (height - bar) / 2, Math.max(1, width / peaks.length - 1), bar);
    });
  };
  canvas.addEventListener("click", (event) => {
    if (!audio.duration) return;
    const rect = canvas.getBoundingClientRect();
    audio.currentTime = ((event.clientX - rect.left) / rect.width) * audio.duration;
    paint();
  });
  ["timeupdate", "loadedmetadata", "seeked"].forEach((name) => audio.addEventListener(name, paint));
  window.addEventListener("resize", paint);
  paint();
}
function initWaveforms(root) {
  root.querySelectorAll("canvas.waveform[data-peaks]").forEach((canvas) => {
    if (!canvas.dataset.ready) { canvas.dataset.ready = "1"; drawWaveform(canvas); }
  });
}
document.addEventListener("DOMContentLoaded", () => initWaveforms(document));
document.addEventListener("htmx:afterSwap", (event) => initWaveforms(event.target));

// Rhymes for the word under the cursor in the lyrics editor.
document.addEventListener("keyup", (event) => {
  const area = event.target.closest("textarea[data-rhyme-source]");
  if (!area) return;
  const before = area.value.slice(0, area.selectionStart).match(/[A-Za-z']+$/);
  const after = area.value.slice(area.selectionStart).match(/^[A-Za-z']*/);
  const word = ((before ? before[0] : "") + (after ? after[0] : "")).replace(/'/g, "");
  const input = document.getElementById("rhyme-word");
  if (input && word && word !== input.value) {
    input.value = word;
    clearTimeout(area._rhymeTimer);
    area._rhymeTimer = setTimeout(() => document.body.dispatchEvent(new Event("rhyme-word")), 400);
  }
});
