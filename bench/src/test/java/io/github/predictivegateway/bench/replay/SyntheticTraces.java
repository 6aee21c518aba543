package io.github.predictivegateway.bench.replay;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.function.IntBinaryOperator;

/**
 * Small synthetic traces for the simulator's tests: whole days of 5-minute steps from a
 * UTC midnight.
 */
final class SyntheticTraces {

	static final long MONDAY = 1_767_571_200L; // 2026-01-05T00:00:00Z

	static final int STEP = 300;

	static final int DAY = 288;

	private SyntheticTraces() {
	}

	/**
	 * {@code days} days of {@code tenants.size()} tenants, tenant {@code t}'s count in
	 * step {@code s} from the function.
	 */
	static Trace trace(List<String> tenants, int days, IntBinaryOperator count) {
		long[][] counts = new long[tenants.size()][days * DAY];
		for (int t = 0; t < tenants.size(); t++) {
			for (int s = 0; s < days * DAY; s++) {
				counts[t][s] = count.applyAsInt(t, s);
			}
		}
		return new Trace(tenants, MONDAY, STEP, counts);
	}

	/**
	 * Three tenants over two days: {@code calm} offers 6 per step all along;
	 * {@code bursty} offers 6 per step but 60 in the first step of every hour;
	 * {@code idle} offers 1 in every fourth step (median 0).
	 */
	static Trace threeTenants(int days) {
		return trace(List.of("calm", "bursty", "idle"), days, (t, s) -> switch (t) {
			case 0 -> 6;
			case 1 -> (s % 12 == 0) ? 60 : 6;
			default -> (s % 4 == 0) ? 1 : 0;
		});
	}

	/**
	 * The same three tenants with a little seeded noise on every step (0 to 4 requests
	 * more), so that no model forecasts them exactly and their intervals have width.
	 */
	static Trace noisyThreeTenants(int days) {
		java.util.Random random = new java.util.Random(7);
		Trace exact = threeTenants(days);
		return trace(exact.tenants(), days, (t, s) -> (int) exact.values(t)[s] + random.nextInt(5));
	}

	static ReplayOptions options(String... args) {
		String[] all = new String[args.length + 1];
		System.arraycopy(args, 0, all, 0, args.length);
		all[args.length] = "synthetic.csv";
		return ReplayOptions.parse(all);
	}

	static PrintStream silent() {
		return new PrintStream(OutputStream.nullOutputStream());
	}

}
