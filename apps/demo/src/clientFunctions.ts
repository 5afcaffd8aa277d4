/**
 * The functions the demo page registers for its handlers (`ctx.client.call`), typed once for both
 * sides: the page's `registerClientFunction` and the server's `ctx.client.call` check against this.
 */
declare module '@core/state' {
  interface ClientFunctions {
    /** The page's `window.innerWidth`. */
    innerWidth: { payload: void; result: number };
    /** Marks the page as visited; returns nothing. */
    markVisited: { payload: void; result: void };
    /** 100,000 characters of text: more than a client call takes by default. */
    pageText: { payload: void; result: string };
  }
}

export {};
