package io.github.predictivegateway.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How every benchmark of bench.jar runs unless it says otherwise: average time per
 * operation in nanoseconds, three warm-up and five measured iterations of one second, one
 * fork, one state shared by the benchmark's threads. JMH reads these annotations from the
 * superclass; a subclass overrides one by declaring it (a benchmark's own
 * {@code @OutputTimeUnit}, {@code @Threads}), and the command line overrides them all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public abstract class AverageTimeBenchmark {

}
