/** The little of jsdom the Mermaid test uses (jsdom ships no types; @types/jsdom clashes with Node's fetch types). */
declare module 'jsdom' {
  export class JSDOM {
    constructor(html: string);
    readonly window: { readonly document: object } & Record<string, unknown>;
  }
}
