package io.github.predictivegateway.forecaster.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import io.github.predictivegateway.wire.UsageRecord;

/**
 * Seeded synthetic usage with a daily rhythm: Poisson-like counts around
 * {@code base × (1.5 + sin(2π·phase))}, one record per step, so that models have
 * something real to learn.
 */
public final class DailyTraffic {

	private DailyTraffic() {
	}

	public static double level(long step, int season, double base) {
		return base * (1.5 + Math.sin(2 * Math.PI * Math.floorMod(step, season) / season));
	}

	public static List<UsageRecord> records(String tenant, String resource, long stepSeconds, long fromStep,
			long toStep, double base, long seed) {
		Random random = new Random(seed);
		int season = (int) (86_400 / stepSeconds);
		List<UsageRecord> records = new ArrayList<>();
		for (long step = fromStep; step < toStep; step++) {
			double mean = level(step, season, base);
			long count = Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
			records
				.add(new UsageRecord("gw-1", tenant, resource, step * stepSeconds, count, count, 0, 0, count, 0, 0, 0));
		}
		return records;
	}

}
