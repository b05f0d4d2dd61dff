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
  const paint = () =>
    paintPeaks(canvas, peaks, audio.duration ? audio.currentTime / audio.duration : 0, 4);
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

// --- the studio around every page ---------------------------------------------------------
document.documentElement.classList.add("js");

// The menu on a phone: one button instead of four rows of links.
document.addEventListener("click", (event) => {
  const toggle = event.target.closest(".menu-toggle");
  if (!toggle) return;
  const menu = document.getElementById(toggle.getAttribute("aria-controls"));
  const open = menu.classList.toggle("open");
  toggle.setAttribute("aria-expanded", String(open));
});

// Notices: dismissed one by one.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-dismiss]");
  if (button) button.closest(".toast").remove();
});

// One page's audio at a time: starting one pauses the others (the player bar's included).
document.addEventListener("play", (event) => {
  document.querySelectorAll("audio").forEach((other) => { if (other !== event.target) other.pause(); });
  if (event.target !== player.audio) player.audio.pause();
}, true);

// The player bar: plays a version with its waveform and synced lyrics, through the list it was
// started from, and keeps playing across boosted pages (the bar is hx-preserve'd and its audio
// lives outside the page).
const player = {
  audio: new Audio(),
  queue: [],
  index: -1,
  track: null,
  bar() { return document.getElementById("playerbar"); },

  async play(queue, index) {
    this.queue = queue;
    this.index = index;
    const response = await fetch(queue[index], { headers: { Accept: "application/json" } });
    if (!response.ok) return;
    this.track = await response.json();
    document.querySelectorAll("audio").forEach((other) => other.pause());
    this.audio.src = this.track.audio_url;
    this.audio.play().catch(() => {});
    this.show();
  },
  step(by) {
    const next = this.index + by;
    if (next >= 0 && next < this.queue.length) this.play(this.queue, next);
  },
  show() {
    const bar = this.bar();
    if (!bar || !this.track) return;
    bar.hidden = false;
    document.body.classList.add("has-player");
    const link = bar.querySelector(".pb-link");
    link.href = this.track.page_url;
    link.textContent = `${this.track.title} · v${this.track.number}`;
    bar.querySelector(".pb-prev").disabled = this.index <= 0;
    bar.querySelector(".pb-next").disabled = this.index >= this.queue.length - 1;
    this.paint();
  },
  paint() {
    const bar = this.bar();
    if (!bar || bar.hidden || !this.track) return;
    const duration = this.audio.duration || this.track.duration_s;
    const now = this.audio.currentTime;
    const toggle = bar.querySelector(".pb-toggle");
    toggle.dataset.state = this.audio.paused ? "paused" : "playing";
    toggle.setAttribute("aria-label", this.audio.paused ? "Play" : "Pause");
    bar.querySelector(".pb-time").textContent = `${clock(now)} / ${clock(duration)}`;
    const canvas = bar.querySelector(".pb-wave");
    canvas.setAttribute("aria-valuenow", String(Math.round((100 * now) / (duration || 1))));
    canvas.setAttribute("aria-valuetext", `${clock(now)} of ${clock(duration)}`);
    paintPeaks(canvas, this.track.peaks, duration ? now / duration : 0);
    this.paintLyrics(now);
  },
  paintLyrics(now) {
    const box = this.bar().querySelector(".pb-lyrics");
    const lines = this.track.lines;
    let at = -1;
    lines.forEach((line, i) => { if (line.start_s <= now + 0.05) at = i; });
    const line = lines[at];
    if (!line || (line.end_s !== null && now > line.end_s + 1.5)) {
      box.textContent = "";
      box.dataset.line = "";
      return;
    }
    if (box.dataset.line !== String(at)) {
      box.dataset.line = String(at);
      box.replaceChildren(...(line.words.length ? line.words.map((word) => {
        const span = document.createElement("span");
        span.textContent = `${word.text} `;
        return span;
      }) : [document.createTextNode(line.text)]));
    }
    line.words.forEach((word, i) => {
      box.children[i].classList.toggle("sung", word.start_s <= now + 0.05);
    });
  },
  seekTo(fraction) {
    const duration = this.audio.duration || this.track.duration_s;
    this.audio.currentTime = Math.max(0, Math.min(1, fraction)) * duration;
    this.paint();
  },
};
window.refrainPlayer = player;

function clock(seconds) {
  if (!isFinite(seconds)) return "0:00";
  const s = Math.floor(seconds);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

// The peaks as bars, those already played in the accent colour; `margin` px stay free in height.
function paintPeaks(canvas, peaks, played, margin = 2) {
  const width = canvas.clientWidth, height = canvas.height;
  if (!width) return;
  canvas.width = width;
  const ctx = canvas.getContext("2d");
  const style = getComputedStyle(document.documentElement);
  ctx.clearRect(0, 0, width, height);
  (peaks || []).forEach((peak, i) => {
    const bar = Math.max(1, peak * (height - margin));
    ctx.fillStyle = i / peaks.length < played ? style.getPropertyValue("--accent") : style.getPropertyValue("--wave");
    ctx.fillRect((i / peaks.length) * width, (height - bar) / 2, Math.max(1, width / peaks.length - 1), bar);
  });
}

["timeupdate", "loadedmetadata", "seeked", "play", "pause"].forEach((name) =>
  player.audio.addEventListener(name, () => player.paint()));
player.audio.addEventListener("ended", () => player.step(1));
let lyricFrame = null;
player.audio.addEventListener("play", function tick() {
  cancelAnimationFrame(lyricFrame);
  const frame = () => { if (!player.audio.paused) { player.paint(); lyricFrame = requestAnimationFrame(frame); } };
  lyricFrame = requestAnimationFrame(frame);
});

document.addEventListener("click", (event) => {
  const start = event.target.closest("[data-play]");
  if (start) {
    const list = start.closest("[data-queue]");
    const buttons = list ? [...list.querySelectorAll("[data-play]")] : [start];
    player.play(buttons.map((b) => b.dataset.play), buttons.indexOf(start));
    return;
  }
  const bar = event.target.closest("#playerbar");
  if (!bar) return;
  if (event.target.closest(".pb-toggle")) player.audio.paused ? player.audio.play() : player.audio.pause();
  else if (event.target.closest(".pb-prev")) player.step(-1);
  else if (event.target.closest(".pb-next")) player.step(1);
  else if (event.target.closest(".pb-close")) {
    player.audio.pause();
    bar.hidden = true;
    document.body.classList.remove("has-player");
  } else if (event.target.closest(".pb-wave")) {
    const rect = event.target.getBoundingClientRect();
    player.seekTo((event.clientX - rect.left) / rect.width);
  }
});
document.addEventListener("keydown", (event) => {
  if (!event.target.closest || !event.target.closest(".pb-wave") || !player.track) return;
  const duration = player.audio.duration || player.track.duration_s;
  const by = { ArrowLeft: -5, ArrowRight: 5, Home: -Infinity, End: Infinity }[event.key];
  if (by === undefined) return;
  event.preventDefault();
  player.seekTo((player.audio.currentTime + by) / duration);
});
// A boosted page came in: the bar was kept, the body's class was not.
document.addEventListener("htmx:afterSettle", () => {
  if (player.track && !player.bar().hidden) document.body.classList.add("has-player");
});
window.addEventListener("resize", () => player.paint());

// A finished job opens its result (the job page, the draft's new revision), as a boosted link
// would; a draft with unsaved lyrics stays put (its panel links to the result instead).
document.addEventListener("input", (event) => {
  const area = event.target.closest("#lyrics-form textarea");
  if (area) area.dataset.dirty = "1";
});
document.addEventListener("refrain:result-ready", (event) => {
  if (document.querySelector("#lyrics-form textarea[data-dirty]")) return;
  const link = document.createElement("a");
  link.href = event.detail.url;
  link.hidden = true;
  document.getElementById("main").appendChild(link);
  htmx.process(link);
  link.click();
});

// A file to save is a download, not a page: htmx's boost never sees its click.
document.addEventListener("click", (event) => {
  if (event.target.closest("a[download]")) event.stopPropagation();
}, true);
