import type { RunMetrics } from '@tunix-rt/contract';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const COLORS = ['#646cff', '#4caf50', '#ff9800', '#f44336', '#26c6da', '#ab47bc'];

export default function MetricsChart({ points }: { points: RunMetrics['points'] }) {
  const series = [...new Set(points.flatMap((p) => Object.keys(p.values)))];
  const data = points.map((p) => ({ step: p.step, ...p.values }));
  return (
    <ResponsiveContainer width="100%" height={220}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid stroke="#3a3a3a" strokeDasharray="3 3" />
        <XAxis dataKey="step" stroke="#aaa" label={{ value: 'step', position: 'insideBottomRight', offset: -4 }} />
        <YAxis stroke="#aaa" width={56} />
        <Tooltip contentStyle={{ background: '#1a1a1a', border: '1px solid #444' }} />
        <Legend />
        {series.map((key, i) => (
          <Line
            key={key}
            type="monotone"
            dataKey={key}
            stroke={COLORS[i % COLORS.length]}
            dot={false}
            isAnimationActive={false}
          />
        ))}
      </LineChart>
    </ResponsiveContainer>
  );
}
