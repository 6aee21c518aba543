package io.github.predictivegateway.forecasting.correlation;

/**
 * A detected lead: {@code leader} moves {@code lag} steps before {@code follower}.
 *
 * @param correlation cross-correlation of the two prepared series at that lag
 * @param threshold the significance threshold it had to exceed
 * @param points overlapping points the correlation was computed on
 */
public record LeadLag(String leader, String follower, int lag, double correlation, double threshold, int points) {
}
