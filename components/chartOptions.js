// Shared ECharts overrides for Evidence charts (import in a page: `import { monthAxis } from '$lib/chartOptions.js'`).
// Evidence leaves time-axis labels to ECharts, whose default locale here is English ("Jun");
// these templates label months in Chinese: 2024年1月 at a year boundary, 6月 otherwise.
export const monthAxis = {
	xAxis: {
		axisLabel: {
			formatter: { year: '{yyyy}年{M}月', month: '{M}月', day: '{M}月{d}日' }
		}
	}
};
