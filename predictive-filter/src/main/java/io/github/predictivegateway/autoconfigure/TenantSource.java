package io.github.predictivegateway.autoconfigure;

/**
 * Where the auto-configured {@code TenantResolver} reads the tenant from
 * ({@code predictive.tenant-source}).
 */
public enum TenantSource {

	/**
	 * The value of {@code predictive.tenant-header}, set by an authenticating layer in
	 * front of the gateway.
	 */
	HEADER,

	/**
	 * A claim ({@code predictive.tenant-jwt.claim}) of a bearer token that Spring
	 * Security's OAuth2 resource server has validated with the application's
	 * {@code ReactiveJwtDecoder}.
	 */
	JWT

}
