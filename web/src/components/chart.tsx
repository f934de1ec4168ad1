import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';

Chart.register(LineController, BarController, LineElement, BarElement, PointElement, LinearScale, CategoryScale, Filler, Legend, Tooltip);
Chart.defaults.animation = false;
Chart.defaults.font.family = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
Chart.defaults.color = '#39424e';

export const PALETTE = ['#1f6feb', '#d9480f', '#2f9e44', '#ae3ec9', '#e8590c', '#0c8599', '#5c940d', '#c2255c'];

interface ChartProps {
  config: ChartConfiguration;
  /** What the chart shows, in words (the canvas is an image to assistive technology). */
  label: string;
  height?: number;
  class?: string;
  onPick?: (index: number) => void;
}

/** A chart.js chart on a canvas; rebuilt when its configuration changes. */
export function ChartCanvas({ config, label, height = 180, class: className, onPick }: ChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pick = useRef(onPick);
  pick.current = onPick;
  useEffect(() => {
    if (!canvas.current) return undefined;
    const chart = new Chart(canvas.current, {
      ...config,
      options: {
        ...config.options,
        responsive: true,
        maintainAspectRatio: false,
        onClick: (_event, elements) => {
          const index = elements[0]?.index;
          if (index !== undefined) pick.current?.(index);
        },
      },
    } as ChartConfiguration);
    return () => chart.destroy();
  }, [config]);
  return (
    <div class={`chart ${className ?? ''}`} style={{ height: `${height}px` }}>
      <canvas ref={canvas} role="img" aria-label={label} />
    </div>
  );
}
