// The lyric editor: a gutter that stays beside its line however the textarea wraps, comment
// marks in it, save from the keyboard, and the section list that moves or duplicates sections.
// The page works without it: the gutter then stacks one entry per line, unwrapped.

// --- the gutter beside the textarea -------------------------------------------------------
// A textarea does not say where its lines are, so a hidden mirror with the same width, font
// and padding lays the text out again, one block per line; each block's top is its line's top.
const MIRRORED = [
  "fontFamily", "fontSize", "fontWeight", "fontStyle", "fontVariant", "fontStretch",
  "fontKerning", "fontFeatureSettings", "letterSpacing", "wordSpacing", "lineHeight",
  "textTransform", "textIndent", "tabSize", "overflowWrap", "wordBreak", "direction",
  "paddingTop", "paddingLeft", "paddingRight",
];

function mirrorOf(area) {
  if (!area._mirror || !area._mirror.isConnected) {
    const frame = document.createElement("div");
    frame.className = "gutter-mirror";
    frame.setAttribute("aria-hidden", "true");
    area._mirror = document.createElement("div");
    frame.appendChild(area._mirror);
    area.parentElement.appendChild(frame);
  }
  return area._mirror;
}

function layoutGutter(box) {
  const area = box.querySelector("textarea");
  const gutter = box.querySelector(".editor-gutter");
  const list = gutter && gutter.querySelector(".line-aids");
  if (!area || !list) return;
  const mirror = mirrorOf(area);
  const style = getComputedStyle(area);
  MIRRORED.forEach((name) => { mirror.style[name] = style[name]; });
  mirror.style.width = `${area.clientWidth}px`; // the wrap width: padding in, scrollbar out
  const lines = area.value.split("\n");
  mirror.replaceChildren(...lines.map((line) => {
    const block = document.createElement("div");
    block.textContent = line || "\u200b"; // an empty line still takes a line's height
    return block;
  }));
  gutter.classList.add("measured");
  gutter.style.height = `${area.offsetHeight}px`;
  const offset = area.getBoundingClientRect().top - gutter.getBoundingClientRect().top
    + area.clientTop;
  [...list.children].forEach((entry, i) => {
    const block = mirror.children[i];
    entry.hidden = !block;
    if (block) entry.style.top = `${offset + block.offsetTop}px`;
  });
  followScroll(box);
}

function followScroll(box) {
  const area = box.querySelector("textarea");
  const list = box.querySelector(".editor-gutter .line-aids");
  if (area && list) list.style.transform = `translateY(${-area.scrollTop}px)`;
}

function layoutAll() {
  document.querySelectorAll("[data-gutter]").forEach(layoutGutter);
}

function watchGutters(root) {
  root.querySelectorAll("[data-gutter]").forEach((box) => {
    const area = box.querySelector("textarea");
    if (!area || area._gutterWatched) return;
    area._gutterWatched = true;
    area.addEventListener("scroll", () => followScroll(box));
    area.addEventListener("input", () => layoutGutter(box));
    // The textarea's size changes with the window, the layout and the writer's resize handle.
    new ResizeObserver(() => layoutGutter(box)).observe(area);
  });
}

// --- comment marks: the comments part lists open threads by line in #comment-marks ---------
function commentMarks() {
  const source = document.getElementById("comment-marks");
  if (!source) return [];
  try {
    return JSON.parse(source.textContent);
  } catch {
    return [];
  }
}

function markLink(mark) {
  const link = document.createElement("a");
  link.className = "comment-mark";
  link.href = `#comment-${mark.thread}`;
  link.title = `${mark.author}: ${mark.excerpt}`;
  link.setAttribute("aria-label", `Comment by ${mark.author} on line ${mark.line}: ${mark.excerpt}`);
  return link;
}

function renderMarks() {
  document.querySelectorAll(".comment-mark").forEach((old) => old.remove());
  const marks = commentMarks();
  const editorEntries = document.querySelectorAll("#aids .line-aids > li");
  marks.forEach((mark) => {
    const entry = editorEntries[mark.line - 1];
    if (entry) entry.prepend(markLink(mark));
    const cell = document.querySelector(`.lyric-lines li[data-line="${mark.line}"] .gutter`);
    if (cell) cell.prepend(markLink(mark));
  });
}

function refresh(root) {
  watchGutters(root);
  renderMarks();
  layoutAll();
}
document.addEventListener("DOMContentLoaded", () => refresh(document));
document.addEventListener("htmx:afterSwap", (event) => refresh(event.target));
document.addEventListener("htmx:oobAfterSwap", () => renderMarks());
window.addEventListener("resize", layoutAll);
if (document.fonts) {
  document.fonts.ready.then(layoutAll);
  document.fonts.addEventListener("loadingdone", layoutAll);
}

// --- save from the keyboard: Ctrl/Cmd+S anywhere, Ctrl/Cmd+Enter from the lyrics form ------
document.addEventListener("keydown", (event) => {
  if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
  const form = document.getElementById("lyrics-form");
  if (!form) return;
  const save = event.key.toLowerCase() === "s";
  const enter = event.key === "Enter" && (!event.target.closest("form") ||
    event.target.closest("#lyrics-form"));
  if (!save && !enter) return;
  event.preventDefault(); // no "Save page as" dialog
  if (!event.repeat) form.requestSubmit();
});

// --- the section list: move (buttons or drag and drop) and duplicate, in the editor's text --
async function editSections(params, focusAfter) {
  const card = document.getElementById("structure");
  const area = document.querySelector("#lyrics-form textarea[name=body]");
  if (!card || !area) return;
  const form = new FormData();
  form.append("body", area.value);
  Object.entries(params).forEach(([key, value]) => form.append(key, value));
  const token = document.querySelector("#lyrics-form [name=csrfmiddlewaretoken]");
  const response = await fetch(card.dataset.sectionUrl, {
    method: "POST",
    body: form,
    headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
  });
  const answer = await response.json().catch(() => ({}));
  const status = document.getElementById("section-status");
  if (!response.ok) {
    if (status) status.textContent = answer.message || "That section could not be changed.";
    return;
  }
  area.value = answer.body;
  area.dataset.dirty = "1";
  card._focusAfter = focusAfter;
  if (status) status.textContent = focusAfter.said;
  layoutAll();
  htmx.trigger(area, "aids-refresh"); // the gutter and this list follow the new text
}

document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-section-op]");
  if (!button) return;
  const item = button.closest("li");
  const name = item.querySelector("strong").textContent;
  const index = Number(button.dataset.index);
  if (button.dataset.sectionOp === "duplicate") {
    editSections({ op: "duplicate", index }, {
      index: index + 1, op: "duplicate", said: `${name} duplicated; save to keep it.`,
    });
  } else {
    const to = Number(button.dataset.to);
    editSections({ op: "move", index, to }, {
      index: to, op: "move", to: to + (to - index),
      said: `${name} moved ${to < index ? "up" : "down"}; save to keep it.`,
    });
  }
});

// After the list comes back, the keyboard stays on the section that moved.
document.addEventListener("htmx:oobAfterSwap", (event) => {
  const card = document.getElementById("structure");
  if (!card || !card._focusAfter || !event.target.closest || !card.contains(event.target)) return;
  const { index, op, to } = card._focusAfter;
  card._focusAfter = null;
  const selector = op === "move"
    ? `[data-section-op=move][data-index="${index}"][data-to="${to}"]`
    : `[data-section-op=duplicate][data-index="${index}"]`;
  const button = card.querySelector(`${selector}:not([disabled])`) ||
    card.querySelector(`[data-section-op][data-index="${index}"]:not([disabled])`);
  if (button) button.focus();
});

document.addEventListener("dragstart", (event) => {
  const item = event.target.closest && event.target.closest(".section-list > li");
  if (!item) return;
  event.dataTransfer.setData("text/x-section", item.dataset.index);
  event.dataTransfer.effectAllowed = "move";
  item.classList.add("dragging");
});
document.addEventListener("dragend", (event) => {
  const item = event.target.closest && event.target.closest(".section-list > li");
  if (item) item.classList.remove("dragging");
});
document.addEventListener("dragover", (event) => {
  const item = event.target.closest && event.target.closest(".section-list > li");
  if (!item || !event.dataTransfer.types.includes("text/x-section")) return;
  event.preventDefault();
  document.querySelectorAll(".section-list > li.drop-target").forEach((li) => {
    if (li !== item) li.classList.remove("drop-target");
  });
  item.classList.add("drop-target");
});
document.addEventListener("drop", (event) => {
  const item = event.target.closest && event.target.closest(".section-list > li");
  if (!item) return;
  event.preventDefault();
  item.classList.remove("drop-target");
  const index = Number(event.dataTransfer.getData("text/x-section"));
  const to = Number(item.dataset.index);
  if (Number.isNaN(index) || index === to) return;
  const name = document.querySelector(`.section-list > li[data-index="${index}"] strong`);
  editSections({ op: "move", index, to }, {
    index: to, op: "move", to: to + (to < index ? -1 : 1),
    said: `${name ? name.textContent : "The section"} moved; save to keep it.`,
  });
});
