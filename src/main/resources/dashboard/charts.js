// Apache ECharts, loaded from this server (/app/vendor/echarts.min.js, the webjar) the first time a chart is drawn,
// so the today view never waits for it. Each chart sits in a labelled figure; the table beside it carries the same
// figures for keyboards and screen readers.
import { h } from './ui.js';

let loading = null;

function library() {
  if (window.echarts) return Promise.resolve(window.echarts);
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/app/vendor/echarts.min.js';
      s.onload = () => resolve(window.echarts);
      s.onerror = () => {
        loading = null;
        reject(new Error('The charting library could not be loaded from /app/vendor/echarts.min.js'));
      };
      document.head.append(s);
    });
  }
  return loading;
}

const charts = new Set();
window.addEventListener('resize', () => charts.forEach((c) => c.resize()));

/** A figure with a chart of {@code option}, described by {@code label}; the chart is drawn once the library is in. */
export function chart(id, label, option) {
  const box = h('div', { class: 'chart', id, role: 'img', 'aria-label': label });
  const figure = h('figure', { style: 'margin:0' }, box, h('figcaption', { class: 'muted' }, label));
  library().then((echarts) => {
    if (!box.isConnected) return;
    const c = echarts.init(box, null, { renderer: 'svg' });
    c.setOption({ animation: false, textStyle: { fontSize: 13 }, color: ['#0b57b0', '#b3261e', '#1b6b2f', '#8a4b00'],
      ...option });
    charts.forEach((old) => { if (!old.getDom().isConnected) { old.dispose(); charts.delete(old); } });
    charts.add(c);
    box.dataset.drawn = 'true';
  }, (e) => box.replaceChildren(h('p', { class: 'problem', role: 'alert' }, e.message)));
  return figure;
}
