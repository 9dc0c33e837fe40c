// The walk of `patch.rs`: makes an element's children those of new markup, changing only
// what differs, so that the nodes an edit does not change are kept (and not laid out again).

/** Makes `target`'s children those of `html`, keeping every node that is the same. */
export function patchInnerHtml(target, html) {
  const template = document.createElement('template');
  template.innerHTML = html;
  morphChildren(target, template.content);
}

/** Whether `a` can be made into `b` in place: the same kind of node, and the same tag. */
const sameKind = (a, b) => a.nodeType === b.nodeType && a.nodeName === b.nodeName;

/** Makes `old`'s children like `fresh`'s, taking nodes out of `fresh` where they are needed. */
function morphChildren(old, fresh) {
  let oldChild = old.firstChild;
  let newChild = fresh.firstChild;
  while (newChild) {
    const node = newChild;
    // Read before `node` may move out of `fresh`.
    newChild = node.nextSibling;
    const kept = oldChild;
    if (!kept) {
      old.appendChild(node);
    } else if (sameKind(kept, node)) {
      morph(kept, node);
      oldChild = kept.nextSibling;
    } else if (newChild && sameKind(kept, newChild)) {
      // A node that came in (a warning above a table): put it before the kept one.
      old.insertBefore(node, kept);
    } else if (kept.nextSibling && sameKind(kept.nextSibling, node)) {
      // A node that went: drop it, and go on with the next.
      const next = kept.nextSibling;
      old.removeChild(kept);
      morph(next, node);
      oldChild = next.nextSibling;
    } else {
      old.replaceChild(node, kept);
      oldChild = node.nextSibling;
    }
  }
  while (oldChild) {
    const stale = oldChild;
    oldChild = stale.nextSibling;
    old.removeChild(stale);
  }
}

/** Makes `old` like `fresh`, a node of the same kind. */
function morph(old, fresh) {
  // The browser compares a whole subtree in one call: most rows of a card do not change.
  if (old.isEqualNode(fresh)) return;
  if (old.nodeType !== Node.ELEMENT_NODE) {
    if (old.nodeValue !== fresh.nodeValue) old.nodeValue = fresh.nodeValue;
    return;
  }
  for (const { name, value } of fresh.attributes) {
    if (old.getAttribute(name) !== value) old.setAttribute(name, value);
  }
  for (const name of old.getAttributeNames()) {
    if (!fresh.hasAttribute(name)) old.removeAttribute(name);
  }
  morphChildren(old, fresh);
}
