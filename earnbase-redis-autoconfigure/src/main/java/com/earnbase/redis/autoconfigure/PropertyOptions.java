package com.earnbase.redis.autoconfigure;

import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.beans.BeanWrapper;
import org.springframework.beans.PropertyAccessorFactory;

/**
 * Builds a primitive's options record from its properties: the record checks its
 * arguments, and an argument it rejects is reported as the property it came from, so that
 * start-up names the property.
 */
final class PropertyOptions {

	private PropertyOptions() {
	}

	/**
	 * Builds the options.
	 * @param <T> the options type
	 * @param prefix the prefix of the properties, e.g. {@code earnbase.redis.lock}
	 * @param properties the properties the options are built from
	 * @param options builds the options
	 * @param renamed the bean property of each record argument whose name differs from it
	 * @return the options
	 * @throws InvalidRedisPropertyException naming the property of the rejected argument
	 */
	static <T> T build(String prefix, Object properties, Supplier<T> options, Map<String, String> renamed) {
		try {
			return options.get();
		}
		catch (IllegalArgumentException ex) {
			// Argument checks start their message with the argument's name (see
			// support.Arguments).
			String message = String.valueOf(ex.getMessage());
			String argument = message.split(" ", 2)[0];
			String name = renamed.getOrDefault(argument, argument);
			BeanWrapper bean = PropertyAccessorFactory.forBeanPropertyAccess(properties);
			if (!bean.isReadableProperty(name)) {
				throw new InvalidRedisPropertyException(prefix, "", message);
			}
			String reason = message.startsWith(argument + " must ") ? message.substring(argument.length() + 1)
					: message;
			throw new InvalidRedisPropertyException(prefix + "." + kebabCase(name),
					String.valueOf(bean.getPropertyValue(name)), reason);
		}
	}

	private static String kebabCase(String name) {
		return name.replaceAll("([A-Z])", "-$1").toLowerCase(Locale.ROOT);
	}

}
