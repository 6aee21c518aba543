package io.github.predictivegateway.forecasting.series;

import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvSeriesReaderTests {

	private final CsvSeriesReader reader = new CsvSeriesReader(300);

	@Test
	void sumsValuesPerEpochAlignedStepAndFillsEmptyStepsWithZero() throws IOException {
		String csv = "timestamp,value\n2015-02-26 21:42:53,1\n2015-02-26 21:44:00,2\n2015-02-26 21:55:00,4\n";
		SeriesHistory s = reader.read("x", new StringReader(csv)).get(0);
		assertThat(s.values()).containsExactly(3, 0, 0, 4);
		assertThat(s.startEpochSecond()).isEqualTo(Instant.parse("2015-02-26T21:40:00Z").getEpochSecond());
	}

	@Test
	void acceptsIsoTimestampsWithTAndZ() throws IOException {
		String csv = "timestamp,value\n2015-02-26T21:42:53Z,1\n2015-02-26T21:55:00,4\n";
		assertThat(reader.read("x", new StringReader(csv)).get(0).values()).containsExactly(1, 0, 0, 4);
	}

	@Test
	void namesEachColumnAfterFileAndColumnWhenSeveral() throws IOException {
		String csv = "ts,db,compute\n2015-02-26 21:40:00,1,5\n2015-02-26 21:45:00,2,6\n";
		List<SeriesHistory> s = reader.read("tenant", new StringReader(csv));
		assertThat(s).extracting(SeriesHistory::name).containsExactly("tenant:db", "tenant:compute");
		assertThat(s.get(1).values()).containsExactly(5, 6);
	}

	@Test
	void usesFileNameForASingleColumn() throws IOException {
		String csv = "ts,value\n2015-02-26 21:40:00,1\n";
		assertThat(reader.read("Twitter_volume_GOOG", new StringReader(csv)).get(0).name())
			.isEqualTo("Twitter_volume_GOOG");
	}

	@Test
	void rejectsABadTimestampNamingTheLine() {
		String csv = "ts,value\n2015-02-26 21:40:00,1\nyesterday,2\n";
		assertThatThrownBy(() -> reader.read("x", new StringReader(csv))).isInstanceOf(IOException.class)
			.hasMessageContaining("line 3")
			.hasMessageContaining("yesterday");
	}

	@Test
	void rejectsANonNumericValue() {
		String csv = "ts,value\n2015-02-26 21:40:00,lots\n";
		assertThatThrownBy(() -> reader.read("x", new StringReader(csv))).isInstanceOf(IOException.class)
			.hasMessageContaining("not a number");
	}

}
