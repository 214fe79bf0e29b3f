/** @jsxImportSource hono/jsx */

/** One stacked series of a column chart. */
export interface ChartSeries {
  name: string;
  color: string;
  values: number[];
}

/** Colours with at least 3:1 contrast against white, told apart by the legend and the table too. */
export const CHART_COLORS = [
  "#1d4ed8",
  "#b45309",
  "#15803d",
  "#7e22ce",
  "#be123c",
  "#0f766e",
  "#4d7c0f",
  "#a16207",
];

/**
 * A stacked column chart drawn as inline SVG on the server, followed by the same figures as a table, so that
 * the numbers are there for screen readers and without images.
 *
 * @example
 * <ColumnChart id="consent" title="Consent choices by purpose" labels={["analytics"]} series={[{ name: "granted", color: "#1d4ed8", values: [4] }]} />
 */
export function ColumnChart(props: {
  id: string;
  title: string;
  summary: string;
  labels: string[];
  series: ChartSeries[];
}) {
  const { id, labels, series } = props;
  const width = 640;
  const height = 240;
  const pad = { left: 44, right: 8, top: 12, bottom: 40 };
  const totals = labels.map((_, i) => series.reduce((sum, s) => sum + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const slot = plotW / Math.max(1, labels.length);
  const barW = Math.min(48, slot * 0.7);
  const y = (v: number) => pad.top + plotH - (v / max) * plotH;
  const every = Math.ceil(labels.length / 12);
  return (
    <figure class="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`}>{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        style={`max-width:${width}px`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title>{props.title}</title>
        <desc id={`${id}-desc`}>{props.summary}</desc>
        {[0, max / 2, max].map((v) => (
          <g>
            <line x1={pad.left} x2={width - pad.right} y1={y(v)} y2={y(v)} stroke="#d4d4d4" />
            <text x={pad.left - 6} y={y(v) + 4} text-anchor="end" font-size="11" fill="#3f3f3f">
              {v}
            </text>
          </g>
        ))}
        {labels.map((label, i) => {
          let base = 0;
          const x = pad.left + slot * i + (slot - barW) / 2;
          return (
            <g>
              {series.map((s) => {
                const v = s.values[i] ?? 0;
                const rect = v ? (
                  <rect x={x} y={y(base + v)} width={barW} height={y(base) - y(base + v)} fill={s.color}>
                    <title>
                      {label}: {s.name} {v}
                    </title>
                  </rect>
                ) : null;
                base += v;
                return rect;
              })}
              {i % every === 0 ? (
                <text
                  x={x + barW / 2}
                  y={height - pad.bottom + 16}
                  text-anchor="middle"
                  font-size="11"
                  fill="#1b1b1b"
                >
                  {label}
                </text>
              ) : null}
            </g>
          );
        })}
      </svg>
      <ul class="legend">
        {series.map((s) => (
          <li>
            <span class="swatch" style={`background:${s.color}`} aria-hidden="true" />
            {s.name}
          </li>
        ))}
      </ul>
      <details>
        <summary>Figures as a table</summary>
        <table>
          <caption class="visually-hidden">{props.title}</caption>
          <thead>
            <tr>
              <th scope="col">&nbsp;</th>
              {series.map((s) => (
                <th scope="col">{s.name}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {labels.map((label, i) => (
              <tr>
                <th scope="row">{label}</th>
                {series.map((s) => (
                  <td>{s.values[i] ?? 0}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/**
 * A share drawn as one horizontal bar in inline SVG with the figure written beside it.
 *
 * @example
 * <ShareBar id="gpc" title="Visitors sending Global Privacy Control" part={12} whole={340} unit="visitors" />
 */
export function ShareBar(props: { id: string; title: string; part: number; whole: number; unit: string }) {
  const share = props.whole ? props.part / props.whole : 0;
  const text = `${(share * 100).toFixed(1)} % — ${props.part} of ${props.whole} ${props.unit}`;
  return (
    <figure class="chart" aria-labelledby={`${props.id}-title`}>
      <figcaption id={`${props.id}-title`}>{props.title}</figcaption>
      <svg
        viewBox="0 0 640 28"
        width="100%"
        style="max-width:640px"
        role="img"
        aria-label={text}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title>{text}</title>
        <rect x="0" y="4" width="640" height="20" fill="#e5e5e5" />
        <rect x="0" y="4" width={Math.round(640 * share)} height="20" fill="#1d4ed8" />
      </svg>
      <p>{text}</p>
    </figure>
  );
}

/** The smallest round maximum at or above `v` whose half is a whole number too (counts are whole). */
function niceMax(v: number): number {
  const step = 10 ** Math.floor(Math.log10(v));
  for (const m of [2, 4, 6, 8, 10]) if (m * step >= v) return m * step;
  return 20 * step;
}
