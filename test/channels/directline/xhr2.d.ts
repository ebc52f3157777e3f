/** xhr2 ships no typings: XMLHttpRequest for Node, which rxjs's ajax (in directlinejs) needs. */
declare module 'xhr2' {
  const XMLHttpRequest: new () => unknown;
  export = XMLHttpRequest;
}
