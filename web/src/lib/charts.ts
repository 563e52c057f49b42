/**
 * Hand-written SVG bar charts. Each chart is an image with a text alternative, and the same figures
 * are in a table beside it for screen readers and for print. Colours meet 4.5:1 on white.
 */
import { h, s } from './dom.ts';

export interface Bar {
  label: string;
  value: number;
}

const palette = ['#1d4f91', '#9b2226', '#2d6a4f', '#7a4b00', '#5a189a', '#3d405b', '#005f73', '#6b2737'];

export const barChart = (title: string, bars: Bar[], options: { unit?: string } = {}) => {
  const width = 560;
  const rowHeight = 30;
  const labelWidth = 170;
  const valueWidth = 60;
  const height = Math.max(1, bars.length) * rowHeight + 10;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const plot = width - labelWidth - valueWidth;
  const summary = bars.map((b) => `${b.label}: ${b.value}${options.unit ?? ''}`).join('; ');
  const svg = s(
    'svg',
    {
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': `${title}. ${summary}`,
      class: 'chart',
      preserveAspectRatio: 'xMinYMin meet',
    },
    s('title', {}, title),
    bars.map((bar, i) => {
      const y = 5 + i * rowHeight;
      const w = Math.max(bar.value > 0 ? 2 : 0, Math.round((bar.value / max) * plot));
      return s(
        'g',
        {},
        s(
          'text',
          { x: labelWidth - 8, y: y + 19, 'text-anchor': 'end', 'font-size': 13, fill: '#1f2328' },
          bar.label,
        ),
        s('rect', {
          x: labelWidth,
          y: y + 4,
          width: w,
          height: rowHeight - 10,
          fill: palette[i % palette.length] as string,
          rx: 2,
        }),
        s(
          'text',
          { x: labelWidth + w + 6, y: y + 19, 'font-size': 13, fill: '#1f2328' },
          `${bar.value}${options.unit ?? ''}`,
        ),
      );
    }),
  );
  return h(
    'figure',
    { class: 'chart-figure' },
    h('figcaption', {}, title),
    svg,
    h(
      'table',
      { class: 'visually-hidden' },
      h('caption', {}, title),
      h(
        'tbody',
        {},
        bars.map((b) => h('tr', {}, h('th', { scope: 'row' }, b.label), h('td', {}, String(b.value)))),
      ),
    ),
  );
};

/** A big number with its label. */
export const figure = (label: string, value: string | number) =>
  h(
    'div',
    { class: 'stat' },
    h('span', { class: 'stat-value' }, String(value)),
    h('span', { class: 'stat-label' }, label),
  );

/** The last `count` calendar months (China Standard Time) up to this one, with the counts given. */
export const monthlyBars = (byMonth: Record<string, number> = {}, count = 12, now = new Date()): Bar[] => {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const bars: Bar[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const month = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth() - back, 1))
      .toISOString()
      .slice(0, 7);
    bars.push({ label: month, value: byMonth[month] ?? 0 });
  }
  return bars;
};
