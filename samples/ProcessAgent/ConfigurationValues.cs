using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.Extensions.Configuration;

namespace ProcessAgent;

/// <summary>
/// Checks a configuration section against the options type it is bound to, key by key, before the
/// binder sees it: every value of the wrong kind, key the type does not have, value given where
/// keys are expected or keys below a single value, each as one sentence with the key, the value
/// and what it takes. The binder stops at its first failure and says it in its own words ("Failed
/// to convert configuration value ..."), skips keys below a value without a word, and lets a
/// property's setter throw with a stack trace.
/// </summary>
internal static class ConfigurationValues
{
    /// <summary>
    /// Adds to <paramref name="failures"/> what in <paramref name="section"/> cannot be bound to
    /// <paramref name="type"/>. Keys the type does not have are refused when
    /// <paramref name="refuseUnknownKeys"/>, skipped otherwise; so are the keys in <paramref name="skip"/>.
    /// </summary>
    public static void Check(IConfigurationSection section, Type type, bool refuseUnknownKeys, List<string> failures, params string[] skip)
    {
        foreach (var child in section.GetChildren())
        {
            if (skip.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                continue;
            }

            var property = type.GetProperty(child.Key, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);
            if (property is null || property.GetIndexParameters().Length > 0)
            {
                if (refuseUnknownKeys)
                {
                    failures.Add($"unknown key {child.Path} ({section.Path} has {string.Join(", ", Properties(type).Select(p => p.Name))})");
                }

                continue;
            }

            CheckValue(child, property.PropertyType, refuseUnknownKeys, failures, property);
        }
    }

    /// <summary>A section bound to a value of <paramref name="type"/>: a single value, a list, a dictionary or an object.</summary>
    private static void CheckValue(IConfigurationSection section, Type type, bool refuseUnknownKeys, List<string> failures, PropertyInfo? property = null)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var children = section.GetChildren().ToList();
        if (ValueText.IsSingleValue(type))
        {
            if (children.Count > 0)
            {
                failures.Add($"{section.Path} takes one value, not keys below it ({children[0].Path})");
            }
            else if (!string.IsNullOrEmpty(section.Value))
            {
                // Empty is the default, as the binder reads it: how a later source unsets a value.
                if (ValueText.Check(type, section.Value) is { } takes)
                {
                    failures.Add($"{section.Path} must be {takes}, not {ValueText.Quote(section.Value)}");
                }
                else if (property is not null && ValueText.SetterRefusal(property, section.Value) is { } refusal)
                {
                    failures.Add($"{section.Path} cannot be {ValueText.Quote(section.Value)}: {refusal}");
                }
            }
        }
        else if (ElementType(type) is { } element)
        {
            // A list or a dictionary: each key is an element (a single value without keys is one
            // element of a list, as AgentConfiguration reads scopes).
            if (children.Count == 0 && !string.IsNullOrEmpty(section.Value))
            {
                if (!ValueText.IsSingleValue(element) || type.IsGenericType && type.GetGenericArguments().Length == 2)
                {
                    failures.Add($"{section.Path} takes keys below it, not a value ({ValueText.Quote(section.Value)})");
                }
                else if (ValueText.Check(element, section.Value) is { } takes)
                {
                    failures.Add($"{section.Path} must be {takes}, not {ValueText.Quote(section.Value)}");
                }
            }

            foreach (var child in children)
            {
                CheckValue(child, element, refuseUnknownKeys, failures);
            }
        }
        else if (children.Count == 0 && !string.IsNullOrEmpty(section.Value))
        {
            failures.Add($"{section.Path} takes keys ({string.Join(", ", Properties(type).Select(p => p.Name))}), not a value ({ValueText.Quote(section.Value)})");
        }
        else
        {
            Check(section, type, refuseUnknownKeys, failures);
        }
    }

    /// <summary>What a list's or a dictionary's elements are; null for any other type.</summary>
    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var generic = type.IsGenericType ? type.GetGenericTypeDefinition() : null;
        return generic == typeof(List<>) || generic == typeof(IList<>) || generic == typeof(IEnumerable<>) || generic == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0]
            : generic == typeof(Dictionary<,>) || generic == typeof(IDictionary<,>) || generic == typeof(IReadOnlyDictionary<,>) ? type.GetGenericArguments()[1]
            : null;
    }

    private static IEnumerable<PropertyInfo> Properties(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetIndexParameters().Length == 0 && p.GetCustomAttribute<ObsoleteAttribute>() is null);
}
