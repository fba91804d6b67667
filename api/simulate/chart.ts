import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { columns, type PolicyFigures } from './figures.js';

/**
 * The figures as small bar charts, one per measure, a bar per policy (Vega-Lite, rendered to SVG by
 * Vega without a browser). Ponte's bar is the dark one.
 */
export async function chartSvg(rows: { policy: string; figures: PolicyFigures }[], title: string): Promise<string> {
  const values = rows.flatMap(({ policy, figures }) =>
    columns
      .filter(([key]) => key !== 'requests' && figures[key] !== null)
      .map(([key, label]) => ({ policy, measure: label, value: figures[key] as number })),
  );
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: { text: title, anchor: 'start' },
    data: { values },
    facet: {
      field: 'measure',
      type: 'nominal',
      title: null,
      sort: columns.map(([, label]) => label),
      header: { labelFontSize: 12 },
    },
    columns: 4,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 180,
      height: 120,
      layer: [
        {
          mark: { type: 'bar' },
          encoding: {
            x: {
              field: 'policy',
              type: 'nominal',
              sort: rows.map(({ policy }) => policy),
              title: null,
              axis: { labelAngle: 0, labelFontSize: 10 },
            },
            y: { field: 'value', type: 'quantitative', title: null },
            color: {
              condition: { test: "datum.policy === 'ponte'", value: '#0b5394' },
              value: '#9fb8d0',
            },
          },
        },
        {
          mark: { type: 'text', dy: -6, fontSize: 10 },
          encoding: {
            x: { field: 'policy', type: 'nominal', sort: rows.map(({ policy }) => policy) },
            y: { field: 'value', type: 'quantitative' },
            text: { field: 'value', type: 'quantitative' },
          },
        },
      ],
    },
    config: { font: 'sans-serif', view: { stroke: null } },
  };
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}
