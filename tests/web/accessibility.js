// Accessibility basics of the page in view, checked in the browser (tests/web/test_browser.py):
// every form control has an accessible name, and text meets WCAG AA contrast against the colour
// behind it (4.5:1; 3:1 for large text). Returns a list of problems, empty when none.
() => {
  "use strict";
  const problems = [];
  const visible = (e) => {
    const s = getComputedStyle(e);
    const r = e.getBoundingClientRect();
    return s.visibility !== "hidden" && s.display !== "none" && r.width > 0 && r.height > 0;
  };
  const describe = (e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
    (e.name ? "[name=" + e.name + "]" : "") + " \"" + (e.textContent || "").trim().slice(0, 30) + "\"";

  document.querySelectorAll("input, select, textarea").forEach((e) => {
    if (e.type === "hidden" || !visible(e)) { return; }
    const named = (e.labels && e.labels.length > 0) || e.getAttribute("aria-label") ||
      e.getAttribute("aria-labelledby") || e.getAttribute("title");
    if (!named) { problems.push("no label: " + describe(e)); }
  });
  document.querySelectorAll("button").forEach((e) => {
    if (visible(e) && !(e.textContent.trim() || e.getAttribute("aria-label"))) {
      problems.push("button without a name: " + describe(e));
    }
  });

  const rgba = (text) => {
    const m = text.match(/rgba?\(([^)]+)\)/);
    if (!m) { return [0, 0, 0, 0]; }
    const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const luminance = (c) => {
    const [r, g, b] = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const behind = (e) => {
    for (let n = e; n; n = n.parentElement) {
      const c = rgba(getComputedStyle(n).backgroundColor);
      if (c[3] >= 0.99) { return c; }
    }
    return [255, 255, 255, 1];
  };
  const blend = (fg, bg) => [0, 1, 2].map((i) => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const skip = ".leaflet-container, #graph, canvas, option";
  document.querySelectorAll("body *").forEach((e) => {
    if (e.closest(skip) || !visible(e)) { return; }
    const own = Array.from(e.childNodes).some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) { return; }
    const style = getComputedStyle(e);
    const bg = behind(e);
    const fg = blend(rgba(style.color), bg);
    const [hi, lo] = [luminance(fg), luminance(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(style.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) {
      problems.push("contrast " + ratio.toFixed(2) + ": " + describe(e));
    }
  });
  return problems;
}
