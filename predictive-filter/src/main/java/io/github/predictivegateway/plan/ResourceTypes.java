package io.github.predictivegateway.plan;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared resource types, in a fixed order. Unknown names are an error, never a new
 * resource type: a typo in a route must not silently create an unlimited resource.
 */
public final class ResourceTypes {

	private final List<ResourceType> types;

	private final Map<String, ResourceType> byName;

	/**
	 * @param capacities units per second per resource type name, in declaration order
	 */
	public ResourceTypes(Map<String, Double> capacities) {
		if (capacities == null || capacities.isEmpty()) {
			throw new IllegalArgumentException("at least one resource type must be declared with its capacity");
		}
		List<ResourceType> list = new ArrayList<>(capacities.size());
		Map<String, ResourceType> map = new LinkedHashMap<>();
		for (Map.Entry<String, Double> entry : capacities.entrySet()) {
			ResourceType type = new ResourceType(entry.getKey(), list.size(), entry.getValue());
			list.add(type);
			map.put(type.name(), type);
		}
		this.types = Collections.unmodifiableList(list);
		this.byName = Collections.unmodifiableMap(map);
	}

	/**
	 * The resource type of that name; {@link IllegalArgumentException} naming the
	 * declared ones otherwise.
	 */
	public ResourceType get(String name) {
		ResourceType type = this.byName.get(name);
		if (type == null) {
			throw new IllegalArgumentException(
					"unknown resource type '" + name + "'; declared resource types are " + this.byName.keySet());
		}
		return type;
	}

	public boolean contains(String name) {
		return this.byName.containsKey(name);
	}

	public List<ResourceType> all() {
		return this.types;
	}

	public int size() {
		return this.types.size();
	}

}
