package io.github.predictivegateway.autoconfigure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.github.predictivegateway.plan.PlanCatalog;
import io.github.predictivegateway.plan.PlanCatalogs;
import io.github.predictivegateway.plan.ResourceTypes;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.FileSystemResource;
import org.springframework.validation.BeanPropertyBindingResult;
import org.springframework.validation.ObjectError;

/**
 * The watched plans file ({@code predictive.plans-file}): YAML with
 * {@code predictive.plans}, {@code predictive.tenants.<id>.plan} and
 * {@code predictive.default-plan}, checked by the same rules as start-up configuration
 * (against the resource types declared in {@code predictive.capacity}, which cannot
 * change while the gateway runs).
 *
 * <p>
 * {@link #poll()} reads the file again when its modification time changed: a valid file
 * replaces the plans in {@link PlanCatalogs} (buckets follow on their next use, keeping
 * their tokens); an invalid one is logged with the reason, naming the property, and the
 * plans in force stay. A file that cannot be read is treated the same way.
 */
final class PlansFile {

	private static final Log logger = LogFactory.getLog(PlansFile.class);

	private final Path path;

	private final PredictiveProperties base;

	private final ResourceTypes resources;

	private PlanCatalogs catalogs;

	private long lastModified = Long.MIN_VALUE;

	PlansFile(Path path, PredictiveProperties base, ResourceTypes resources) {
		this.path = path;
		this.base = base;
		this.resources = resources;
	}

	/** Reads the file at start; an invalid file stops start-up. */
	synchronized PlanCatalog initial() {
		this.lastModified = modified();
		return read();
	}

	/** From now on, {@link #poll()} puts valid changes into {@code catalogs}. */
	synchronized void watch(PlanCatalogs catalogs) {
		this.catalogs = catalogs;
	}

	/**
	 * Reads the file again if it changed; keeps the plans in force if it is not valid.
	 */
	synchronized void poll() {
		long modified = modified();
		if (this.catalogs == null || modified == this.lastModified) {
			return;
		}
		this.lastModified = modified;
		try {
			this.catalogs.replace(read());
			logger.info("Plans reloaded from " + this.path);
		}
		catch (RuntimeException ex) {
			logger.warn("Plans file " + this.path + " rejected, the plans in force stay: " + ex.getMessage());
		}
	}

	private long modified() {
		try {
			return Files.getLastModifiedTime(this.path).toMillis();
		}
		catch (IOException ex) {
			return Long.MIN_VALUE + 1;
		}
	}

	/**
	 * The file's plans as a catalog; a {@link PredictiveConfigurationException} naming
	 * what is wrong otherwise.
	 */
	PlanCatalog read() {
		List<PropertySource<?>> sources;
		try {
			sources = new YamlPropertySourceLoader().load("plans-file", new FileSystemResource(this.path));
		}
		catch (IOException | RuntimeException ex) {
			throw new PredictiveConfigurationException(
					List.of(PredictiveProperties.PREFIX + ".plans-file " + this.path + " cannot be read: " + ex));
		}
		PredictiveProperties plans;
		try {
			plans = new Binder(ConfigurationPropertySources.from(sources))
				.bindOrCreate(PredictiveProperties.PREFIX, Bindable.of(PredictiveProperties.class))
				.withCapacity(this.base.capacity());
		}
		catch (RuntimeException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			throw new PredictiveConfigurationException(List.of(ex.getMessage() + ": " + cause.getMessage()));
		}
		BeanPropertyBindingResult errors = new BeanPropertyBindingResult(plans, PredictiveProperties.PREFIX);
		plans.validate(plans, errors);
		if (errors.hasErrors()) {
			List<String> problems = new ArrayList<>();
			for (ObjectError error : errors.getAllErrors()) {
				problems.add(error.getDefaultMessage());
			}
			throw new PredictiveConfigurationException(problems);
		}
		try {
			return EngineSettings.planCatalog(plans, this.resources);
		}
		catch (IllegalArgumentException ex) {
			throw new PredictiveConfigurationException(List.of(ex.getMessage()));
		}
	}

}
