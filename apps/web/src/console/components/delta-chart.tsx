import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';

export interface Delta {
  name: string;
  /** In the program currency's major unit (e.g. dollars), for the axis. */
  amount: number;
  label: string;
}

/** What each affiliate gains (green, up) or loses (red, down); the table beside it says the same. */
const DeltaChart = ({
  data,
  summary,
  currency,
}: {
  data: Delta[];
  summary: string;
  currency: string;
}) => (
  <div className="chart-box" role="img" aria-label={summary}>
    <ResponsiveContainer width="100%" height={260}>
      <BarChart
        data={data}
        margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        accessibilityLayer={false}
      >
        <CartesianGrid strokeDasharray="3 3" stroke="#d9dde3" />
        <XAxis dataKey="name" tick={{ fontSize: 12, fill: '#3d4450' }} />
        <YAxis
          width={72}
          tick={{ fontSize: 12, fill: '#3d4450' }}
          tickFormatter={(value: number) =>
            new Intl.NumberFormat(undefined, {
              style: 'currency',
              currency,
              maximumFractionDigits: 0,
            }).format(value)
          }
        />
        <ReferenceLine y={0} stroke="#3d4450" />
        <Tooltip formatter={(_value, _name, item) => [(item.payload as Delta).label, 'Change']} />
        <Bar dataKey="amount" name="Change" isAnimationActive={false}>
          {data.map((delta) => (
            <Cell key={delta.name} fill={delta.amount < 0 ? '#a3261a' : '#1d6b3a'} />
          ))}
        </Bar>
      </BarChart>
    </ResponsiveContainer>
  </div>
);

export default DeltaChart;
