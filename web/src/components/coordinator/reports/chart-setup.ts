import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

/**
 * chart.js with only the pieces the report charts use (bar and line charts, two axes, legend and
 * tooltips), registered once. Only the reports page imports this module, so chart.js stays out of the
 * bundles of every other page.
 */
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

// Text in the page's font and its dark blue (contrast 12:1 on white), grid lines light but visible.
Chart.defaults.font.family = '"Titillium Web", Geneva, Tahoma, sans-serif';
Chart.defaults.font.size = 14;
Chart.defaults.color = '#17324d';
Chart.defaults.borderColor = '#c5c7c9';

/**
 * Series colours, each at least 4.5:1 against white (so also against the light grid), distinct from one
 * another, and never the only clue: bars also carry a fill pattern and lines a dash and a point shape.
 */
export const seriesColours = [
  '#0066cc',
  '#a61c1c',
  '#006644',
  '#6b3fa0',
  '#8a5300',
  '#17324d',
  '#00707a',
  '#5c6f82',
] as const;

type PatternKind = 'solid' | 'diagonal' | 'dots' | 'horizontal' | 'cross' | 'vertical' | 'backDiagonal' | 'grid';
const patternKinds: readonly PatternKind[] = [
  'solid',
  'diagonal',
  'dots',
  'horizontal',
  'cross',
  'vertical',
  'backDiagonal',
  'grid',
];
const TILE = 10;

function drawPattern(context: CanvasRenderingContext2D, kind: PatternKind) {
  context.strokeStyle = '#ffffff';
  context.fillStyle = '#ffffff';
  context.lineWidth = 2;
  const line = (x1: number, y1: number, x2: number, y2: number) => {
    context.beginPath();
    context.moveTo(x1, y1);
    context.lineTo(x2, y2);
    context.stroke();
  };
  switch (kind) {
    case 'solid':
      return;
    case 'diagonal':
      line(0, TILE, TILE, 0);
      line(-TILE / 2, TILE / 2, TILE / 2, -TILE / 2);
      line(TILE / 2, TILE * 1.5, TILE * 1.5, TILE / 2);
      return;
    case 'backDiagonal':
      line(0, 0, TILE, TILE);
      line(-TILE / 2, TILE / 2, TILE / 2, TILE * 1.5);
      line(TILE / 2, -TILE / 2, TILE * 1.5, TILE / 2);
      return;
    case 'dots':
      context.beginPath();
      context.arc(TILE / 2, TILE / 2, 2, 0, Math.PI * 2);
      context.fill();
      return;
    case 'horizontal':
      line(0, TILE / 2, TILE, TILE / 2);
      return;
    case 'vertical':
      line(TILE / 2, 0, TILE / 2, TILE);
      return;
    case 'cross':
      line(0, 0, TILE, TILE);
      line(0, TILE, TILE, 0);
      return;
    case 'grid':
      line(0, TILE / 2, TILE, TILE / 2);
      line(TILE / 2, 0, TILE / 2, TILE);
      return;
  }
}

const patternCache = new Map<string, CanvasPattern | string>();

/**
 * The fill of series `index`: its colour with a white pattern (stripes, dots, hatching…), so stacked
 * bars stay apart in greyscale and for people who do not tell the colours apart. The legend shows the
 * same fill. Falls back to the plain colour where a canvas cannot draw.
 */
export function seriesFill(index: number): CanvasPattern | string {
  const colour = seriesColours[index % seriesColours.length] ?? seriesColours[0];
  const kind = patternKinds[index % patternKinds.length] ?? 'solid';
  const key = `${colour}:${kind}`;
  const cached = patternCache.get(key);
  if (cached) return cached;
  let fill: CanvasPattern | string = colour;
  const tile = document.createElement('canvas');
  tile.width = TILE;
  tile.height = TILE;
  const context = tile.getContext('2d');
  if (context) {
    context.fillStyle = colour;
    context.fillRect(0, 0, TILE, TILE);
    drawPattern(context, kind);
    fill = context.createPattern(tile, 'repeat') ?? colour;
  }
  patternCache.set(key, fill);
  return fill;
}

export const seriesColour = (index: number): string => seriesColours[index % seriesColours.length] ?? seriesColours[0];
