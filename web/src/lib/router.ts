/**
 * History-API routing. Page paths never collide with API paths (the API owns /reports, /notices…;
 * the pages use /report, /board…), so the same origin serves both, locally and behind CloudFront.
 */
export interface RouteContext {
  params: Record<string, string>;
  query: URLSearchParams;
}
export type Render = (context: RouteContext) => Node | Promise<Node>;
interface Route {
  pattern: RegExp;
  keys: string[];
  render: Render;
}

const routes: Route[] = [];
let onRender: (node: Node) => void = () => {};
let notFound: Render = () => document.createTextNode('404');

export const route = (path: string, render: Render) => {
  const keys: string[] = [];
  const pattern = new RegExp(
    `^${path.replace(/:(\w+)/g, (_, key: string) => {
      keys.push(key);
      return '([^/]+)';
    })}/?$`,
  );
  routes.push({ pattern, keys, render });
};

let generation = 0;

export const renderCurrent = async () => {
  const mine = ++generation;
  const { pathname, search } = window.location;
  const query = new URLSearchParams(search);
  for (const r of routes) {
    const match = r.pattern.exec(pathname);
    if (!match) continue;
    const params = Object.fromEntries(r.keys.map((key, i) => [key, decodeURIComponent(match[i + 1] ?? '')]));
    const node = await r.render({ params, query });
    if (mine === generation) onRender(node);
    return;
  }
  const node = await notFound({ params: {}, query });
  if (mine === generation) onRender(node);
};

export const navigate = (path: string, options: { replace?: boolean } = {}) => {
  if (options.replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void renderCurrent();
};

export const startRouter = (render: (node: Node) => void, fallback: Render) => {
  onRender = render;
  notFound = fallback;
  window.addEventListener('popstate', () => void renderCurrent());
  // Same-origin links navigate without a reload.
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey)
      return;
    const anchor = (event.target as Element | null)?.closest?.('a');
    if (!anchor || anchor.target || anchor.hasAttribute('download')) return;
    const url = new URL(anchor.href, window.location.href);
    if (url.origin !== window.location.origin || anchor.dataset.external !== undefined) return;
    event.preventDefault();
    navigate(url.pathname + url.search);
  });
  void renderCurrent();
};
