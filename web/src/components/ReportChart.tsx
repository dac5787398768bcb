import { BarChart, HeatmapChart } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the reports draw (bars and a heat map), so the chunk stays small; this module is
// imported by the reports page alone, which the router loads lazily.
echarts.use([
  BarChart,
  HeatmapChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export type ChartOption = echarts.EChartsCoreOption;

/**
 * One ECharts chart, exposed to assistive technology as a single image: `label` names it and
 * says what it shows (in the reader's language), `describedBy` points at the sentence that
 * gives its main finding; the data table beside it carries every figure. ECharts' own ARIA
 * labelling is off so it does not replace ours.
 */
export function ReportChart({
  option,
  label,
  describedBy,
  height = 300,
}: {
  option: ChartOption;
  label: string;
  describedBy?: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const chart = echarts.init(element, undefined, { renderer: 'canvas' });
    chart.setOption({ aria: { enabled: false }, animation: false, ...option });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return (
    <div
      ref={ref}
      role="img"
      aria-label={label}
      aria-describedby={describedBy}
      className="report-chart"
      style={{ height }}
    />
  );
}
