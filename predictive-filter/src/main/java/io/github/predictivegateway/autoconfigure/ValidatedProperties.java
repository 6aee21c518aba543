package io.github.predictivegateway.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;

/**
 * Configuration properties that check their own rules when they are bound: Boot validates
 * a {@link Validator} target with itself, after Bean Validation's field ranges. Each rule
 * is reported through {@link PropertyRules}, under the prefix of the class's
 * {@link ConfigurationProperties}, so a bad value stops start-up with a message naming
 * the property.
 */
public interface ValidatedProperties extends Validator {

	/** Reports every rule these properties break. */
	void check(PropertyRules rules);

	@Override
	default boolean supports(Class<?> clazz) {
		return getClass().isAssignableFrom(clazz);
	}

	@Override
	default void validate(Object target, Errors errors) {
		ConfigurationProperties properties = target.getClass().getAnnotation(ConfigurationProperties.class);
		String prefix = (properties != null) ? properties.value() : "";
		((ValidatedProperties) target).check(new PropertyRules(errors, prefix));
	}

}
