// Co-writing a draft: the page tells the server who is here and where they type, keeps unsaved
// text in this browser until a save lands, merges a teammate's new revision into that text on
// request, and shows the merge view's result as the writer chooses.

const lyricsForm = () => document.getElementById("lyrics-form");
const keptKey = (form) => `refrain:draft:${form.dataset.draft}:${form.dataset.writer}`;
const TYPING_MS = 20_000; // "editing the chorus" lasts this long after the last keystroke
let lastTyped = 0;

function kept(form) {
  try {
    return JSON.parse(localStorage.getItem(keptKey(form)));
  } catch {
    return null;
  }
}

function keep(form, extra = {}) {
  const entry = { body: form.elements.body.value, base: form.elements.base.value, at: Date.now() };
  try {
    localStorage.setItem(keptKey(form), JSON.stringify({ ...entry, ...extra }));
  } catch {
    // Storage is full or switched off: the text is still in the page.
  }
}

function say(element, text) {
  element.textContent = text;
  element.hidden = !text;
}

// The section the caret is in: the last [Tag] line above it.
function sectionAtCaret(area) {
  const before = area.value.slice(0, area.selectionStart).split("\n");
  for (let i = before.length - 1; i >= 0; i -= 1) {
    const tag = before[i].trim().match(/^\[([^\]]+)\]$/);
    if (tag) return tag[1];
  }
  return "";
}

function setBase(form, number) {
  form.elements.base.value = number;
  form.querySelectorAll("[data-base-label]").forEach((label) => { label.textContent = number; });
}

// Unsaved text left by a reload, a closed tab or a failed save comes back, on its own base
// revision: saving merges it with whatever teammates saved since.
function restoreKept(form) {
  const entry = kept(form);
  const area = form.elements.body;
  if (!entry) return;
  if (form.hasAttribute("data-just-saved") && entry.submitted) {
    localStorage.removeItem(keptKey(form));
    return;
  }
  if (entry.body === area.value) {
    if (entry.base === form.elements.base.value) localStorage.removeItem(keptKey(form));
    return;
  }
  area.value = entry.body;
  setBase(form, entry.base);
  area.dataset.dirty = "1";
  const notice = form.querySelector("[data-restored]");
  const when = new Date(entry.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  notice.replaceChildren(
    `Your unsaved text from ${when} is back (written on r${entry.base}; saving merges it with `
      + "what teammates saved since). ",
  );
  const discard = document.createElement("button");
  discard.type = "button";
  discard.className = "btn-link";
  discard.textContent = "Discard it";
  discard.addEventListener("click", () => {
    localStorage.removeItem(keptKey(form));
    area.value = area.defaultValue;
    setBase(form, form.elements.base.defaultValue);
    delete area.dataset.dirty;
    notice.hidden = true;
    area.dispatchEvent(new Event("input", { bubbles: true }));
  });
  notice.append(discard);
  notice.hidden = false;
  area.dispatchEvent(new Event("input", { bubbles: true }));
}

function initCoWriting(root) {
  const form = lyricsForm();
  if (form && root.contains(form)) restoreKept(form);
  root.querySelectorAll?.("[data-merge-form]").forEach(showMergeResult);
}
document.addEventListener("DOMContentLoaded", () => initCoWriting(document));
document.addEventListener("htmx:afterSwap", (event) => initCoWriting(event.target));

// Typed, or changed by a tool (the section list triggers "aids-refresh"): keep it.
function keepTyped(event) {
  const form = event.target.closest?.("#lyrics-form");
  if (!form || event.target !== form.elements.body) return;
  if (event.isTrusted && event.type === "input") lastTyped = Date.now();
  keep(form);
}
document.addEventListener("input", keepTyped);
document.addEventListener("aids-refresh", keepTyped);
document.addEventListener("submit", (event) => {
  if (event.target === lyricsForm()) keep(event.target, { submitted: true });
});

// Each presence poll says what this page is doing; an answer that changed nothing is a 204, so
// the list is not redrawn under a pointer or a screen reader every two seconds.
document.addEventListener("htmx:configRequest", (event) => {
  const presence = event.detail.elt;
  if (presence.id !== "presence") return;
  const form = lyricsForm();
  const area = form?.elements.body;
  const typing = area && document.activeElement === area && Date.now() - lastTyped < TYPING_MS;
  const params = event.detail.parameters;
  params.base = form ? form.elements.base.value : presence.dataset.base;
  params.editing = typing ? "1" : "0";
  params.section = typing ? sectionAtCaret(area) : "";
  params.dirty = area && (area.dataset.dirty || area.value !== area.defaultValue) ? "1" : "0";
  params.digest = presence.dataset.digest || "";
});
document.addEventListener("htmx:afterRequest", (event) => {
  const presence = event.detail.elt;
  if (presence.id !== "presence" || !event.detail.xhr) return;
  const digest = event.detail.xhr.getResponseHeader("X-Presence-Digest");
  if (digest) presence.dataset.digest = digest;
});

// "Merge into my text": the server's three-way merge of my unsaved text with the new revision,
// put into my editor before I save; overlaps are left for the merge view a save opens.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("[data-merge-into-editor]");
  const form = lyricsForm();
  if (!button || !form) return;
  const status = form.querySelector("[data-merge-status]");
  const data = new FormData();
  data.set("base", form.elements.base.value);
  data.set("body", form.elements.body.value);
  button.disabled = true;
  const response = await fetch(button.dataset.mergeIntoEditor, {
    method: "POST",
    body: data,
    headers: { "X-CSRFToken": form.elements.csrfmiddlewaretoken.value },
    credentials: "same-origin",
  }).catch(() => null);
  button.disabled = false;
  if (!response?.ok) {
    say(status, "The merge could not be made here: save, and the server merges for you.");
    return;
  }
  const merge = await response.json();
  if (merge.body === null) {
    const lines = merge.overlaps === 1 ? "one place" : `${merge.overlaps} places`;
    say(status, `r${merge.base} and your text change the same lines in ${lines}: `
      + "save, then choose what to keep line by line.");
    return;
  }
  const area = form.elements.body;
  area.value = merge.body;
  setBase(form, String(merge.base));
  area.dataset.dirty = "1";
  area.dispatchEvent(new Event("input", { bubbles: true }));
  say(status, `r${merge.base} is merged into your text. Nothing is saved until you save.`);
  const presence = document.getElementById("presence");
  if (presence) htmx.trigger(presence, "refrain:presence");
});

// The merge view: the text the choices make, as they are made.
function showMergeResult(form) {
  const parts = [];
  let complete = true;
  form.querySelectorAll("[data-agreed], [data-overlap]").forEach((region) => {
    if (region.matches("[data-agreed]")) {
      parts.push(region.textContent);
      return;
    }
    const choice = region.querySelector("input[type=radio]:checked")?.value;
    const side = (name) => region.querySelector(`[data-side=${name}]`).textContent;
    if (choice === "mine") parts.push(side("mine"));
    else if (choice === "theirs") parts.push(side("theirs"));
    else if (choice === "both") parts.push(side("theirs") + side("mine"));
    else if (choice === "edit") {
      const text = region.querySelector("textarea").value.replace(/\r\n?/g, "\n");
      parts.push(text && !text.endsWith("\n") ? `${text}\n` : text);
    } else complete = false;
  });
  const result = form.querySelector(".merge-result");
  result.hidden = !complete;
  form.querySelector("[data-merge-result]").textContent = complete ? parts.join("") : "";
}
document.addEventListener("input", (event) => {
  const form = event.target.closest("[data-merge-form]");
  if (form) showMergeResult(form);
});
document.addEventListener("change", (event) => {
  const form = event.target.closest("[data-merge-form]");
  if (form) showMergeResult(form);
});
