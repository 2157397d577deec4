import {
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

/** Clicks as bars, sales as a line, per UTC day. */
const ClicksChart = ({
  data,
  summary,
}: {
  data: { date: string; Clicks: number; Sales: number }[];
  summary: string;
}) => (
  <div className="chart-box" role="img" aria-label={summary}>
    <ResponsiveContainer width="100%" height={260}>
      <ComposedChart
        data={data}
        margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#d9dde3" />
        <XAxis dataKey="date" tick={{ fontSize: 12, fill: '#3d4450' }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#3d4450' }} />
        <Tooltip />
        <Legend />
        <Bar dataKey="Clicks" fill="#5b7db1" />
        <Line dataKey="Sales" type="monotone" stroke="#b5482f" strokeWidth={2} dot={false} />
      </ComposedChart>
    </ResponsiveContainer>
  </div>
);

export default ClicksChart;
