// Small DOM helpers: elements are built with text nodes, never from HTML strings,
// so names and messages from the graph cannot inject markup.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === "className") element.className = value;
    else if (name === "style") Object.assign(element.style, value);
    else element.setAttribute(name, value === true ? "" : String(value));
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(element, child);
    else element.append(child instanceof Node ? child : String(child));
  }
}

export function replace(element, ...children) {
  element.replaceChildren();
  append(element, children);
  return element;
}

export function percent(value) {
  return `${Math.round(value * 100)}%`;
}

export function plural(count, one, many = `${one}s`) {
  return `${count} ${count === 1 ? one : many}`;
}

export function words(value) {
  // ECONOMIC_BUYER -> economic buyer
  return value ? String(value).toLowerCase().replaceAll("_", " ") : "";
}

export function loading(what) {
  return h("p", { className: "state loading", role: "status" }, `Loading ${what}…`);
}

export function empty(message) {
  return h("p", { className: "state empty" }, message);
}

export function failure(error) {
  return h("p", { className: "state error", role: "alert" }, error.message || String(error));
}
