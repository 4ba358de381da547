import { DOMParser } from '@xmldom/xmldom';

/** The XML namespaces SAML documents and metadata use. */
export const XMLNS = {
  protocol: 'urn:oasis:names:tc:SAML:2.0:protocol',
  assertion: 'urn:oasis:names:tc:SAML:2.0:assertion',
  metadata: 'urn:oasis:names:tc:SAML:2.0:metadata',
  dsig: 'http://www.w3.org/2000/09/xmldsig#',
  shibmd: 'urn:mace:shibboleth:metadata:1.0',
} as const;

/**
 * The document element of `xml`, or undefined when it is not well-formed or declares a DTD (SAML
 * needs none; refusing them rules out entity tricks before any signature is looked at).
 */
export function parseXml(xml: string): Element | undefined {
  if (/<!DOCTYPE/i.test(xml)) return undefined;
  let broken = false;
  const fail = (): void => {
    broken = true;
  };
  try {
    const doc = new DOMParser({
      locator: {},
      errorHandler: { warning: () => undefined, error: fail, fatalError: fail },
    }).parseFromString(xml, 'text/xml');
    const root = doc?.documentElement;
    return broken || !root ? undefined : root;
  } catch {
    return undefined;
  }
}

/** Whether `node` is the element `{namespace}local`. */
export function isElement(
  node: Node | null | undefined,
  namespace: string,
  local: string,
): boolean {
  return (
    !!node &&
    node.nodeType === 1 &&
    (node as Element).namespaceURI === namespace &&
    (node as Element).localName === local
  );
}

/**
 * The direct children `{namespace}local` of `parent`, never deeper: what a signature covers is
 * read from its place in the document, not from wherever an element of that name hides.
 */
export function childElements(parent: Element, namespace: string, local: string): Element[] {
  const found: Element[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (isElement(node, namespace, local)) found.push(node as Element);
  }
  return found;
}

/** The first direct child `{namespace}local` of `parent`. */
export function childElement(
  parent: Element,
  namespace: string,
  local: string,
): Element | undefined {
  return childElements(parent, namespace, local)[0];
}

/** The text of an element, trimmed. */
export function textOf(element: Element | undefined): string {
  return (element?.textContent ?? '').trim();
}
