package io.github.predictivegateway.forecasting.model;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.DecompositionSolver;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.QRDecomposition;

/**
 * Ordinary least squares by accumulated normal equations,
 * {@code beta = (X'X + lambda I)^-1 X'y}, solved by Cholesky (QR as a fallback).
 * Accumulating {@code X'X} row by row keeps memory at {@code p^2} for thousands of rows,
 * and a tiny ridge {@code lambda} keeps near-collinear designs (a quiet series) solvable.
 */
final class LeastSquares {

	private final int p;

	private final double[][] xtx;

	private final double[] xty;

	private int rows;

	LeastSquares(int p) {
		this.p = p;
		this.xtx = new double[p][p];
		this.xty = new double[p];
	}

	/** Adds one observation {@code y = x . beta + e}. */
	void add(double[] x, double y) {
		for (int i = 0; i < p; i++) {
			double xi = x[i];
			if (xi == 0) {
				continue;
			}
			double[] row = xtx[i];
			for (int j = i; j < p; j++) {
				row[j] += xi * x[j];
			}
			xty[i] += xi * y;
		}
		rows++;
	}

	int rows() {
		return rows;
	}

	/**
	 * Solves with ridge {@code lambda} relative to the mean diagonal of {@code X'X};
	 * zeros when there is no data.
	 */
	double[] solve(double lambda) {
		if (rows == 0) {
			return new double[p];
		}
		double trace = 0;
		for (int i = 0; i < p; i++) {
			trace += xtx[i][i];
		}
		double ridge = lambda * Math.max(trace / p, 1e-12);
		double[][] a = new double[p][p];
		for (int i = 0; i < p; i++) {
			for (int j = i; j < p; j++) {
				a[i][j] = xtx[i][j];
				a[j][i] = xtx[i][j];
			}
			a[i][i] += ridge;
		}
		Array2DRowRealMatrix m = new Array2DRowRealMatrix(a, false);
		DecompositionSolver solver;
		try {
			solver = new CholeskyDecomposition(m, 1e-12, 1e-14).getSolver();
		}
		catch (NonPositiveDefiniteMatrixException e) {
			solver = new QRDecomposition(m).getSolver();
		}
		double[] beta = solver.solve(new ArrayRealVector(xty, false)).toArray();
		for (double b : beta) {
			if (!Double.isFinite(b)) {
				return new double[p];
			}
		}
		return beta;
	}

}
