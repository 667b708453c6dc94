/** Small DOM helpers. Every string goes in as text (textContent, attributes), never as HTML. */

export interface ElementOptions {
  className?: string;
  /** Set as textContent. */
  text?: string;
  attrs?: Record<string, string>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: ElementOptions = {},
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className !== undefined) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  for (const [k, v] of Object.entries(options.attrs ?? {})) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

/** The element of index.html with this id, of this type; a missing one is a bug of the page. */
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const node = document.getElementById(id);
  if (!(node instanceof type)) throw new Error(`index.html has no <${type.name}> #${id}`);
  return node;
}

/**
 * Runs `done` once the element's CSS animation has ended, or at once when it has none
 * (reduced motion, or the stylesheet did not load); `maxMs` bounds the wait either way. The
 * bound is well past the longest animation (0.8 s): a busy or hidden tab starts it late, and a
 * bound that fires first removes the row before it has faded.
 */
export function afterAnimation(node: HTMLElement, done: () => void, maxMs = 3000): void {
  if (getComputedStyle(node).animationName === 'none') return done();
  let finished = false;
  const finish = (): void => {
    if (finished) return;
    finished = true;
    clearTimeout(timer);
    node.removeEventListener('animationend', finish);
    done();
  };
  const timer = setTimeout(finish, maxMs);
  node.addEventListener('animationend', finish);
}
