// DOM builders for the views: text goes in as text, never as markup.

const SVG = 'http://www.w3.org/2000/svg';

export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** An icon from the page's SVG sprite (#i-name). */
export function icon(name) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'icon');
  svg.setAttribute('aria-hidden', 'true');
  const use = document.createElementNS(SVG, 'use');
  use.setAttribute('href', '#i-' + name);
  svg.append(use);
  return svg;
}

export function button(label, className, onClick, iconName) {
  const b = el('button', className);
  b.type = 'button';
  if (iconName) b.append(icon(iconName));
  b.append(label);
  if (onClick) b.addEventListener('click', onClick);
  return b;
}
