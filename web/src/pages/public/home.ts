import { t } from '../../i18n/index.ts';
import { h } from '../../lib/dom.ts';

const card = (href: string, title: string, text: string) =>
  h('li', { class: 'card' }, h('h2', {}, h('a', { href }, title)), h('p', {}, text));

export const homePage = () =>
  h(
    'div',
    { class: 'page' },
    h('h1', { tabindex: -1 }, t('home.title')),
    h('p', { class: 'lead' }, t('home.lead')),
    h(
      'ul',
      { class: 'cards' },
      card('/report', t('nav.report'), t('home.report')),
      card('/follow', t('nav.follow'), t('home.follow')),
      card('/board', t('nav.board'), t('home.board')),
      card('/statistics', t('nav.stats'), t('home.stats')),
    ),
    h(
      'aside',
      { class: 'notice-box' },
      h('h2', {}, t('report.protection.title')),
      h('p', {}, t('home.protection')),
    ),
  );
