using System.Reflection;
using Xunit.Abstractions;

namespace Lepton.Tracking.Testing;

/// <summary>
/// On a store's test class: every contract fact runs as a fact of <see cref="FactType"/> would, so it is skipped
/// with that attribute's reason when the store cannot run here, e.g. <c>[ContractRunsAs(typeof(FactIfPostgresAttribute))]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ContractRunsAsAttribute(Type factType) : Attribute
{
    /// <summary>A <see cref="FactAttribute"/> type with a parameterless constructor that sets <see cref="FactAttribute.Skip"/> when needed.</summary>
    public Type FactType { get; } = factType;

    /// <summary>The reason a fact of <see cref="FactType"/> would be skipped, or null when it would run.</summary>
    public string? SkipReason =>
        Activator.CreateInstance(FactType) is FactAttribute fact
            ? fact.Skip
            : throw new InvalidOperationException($"{FactType} is not a FactAttribute: [ContractRunsAs] takes a fact attribute's type.");

    /// <summary>Why the contract's <paramref name="testMethod"/> is skipped in its concrete test class, or null.</summary>
    internal static string? SkipReasonFor(ITestMethod testMethod) =>
        (testMethod.TestClass.Class as IReflectionTypeInfo)?.Type.GetCustomAttribute<ContractRunsAsAttribute>()?.SkipReason;
}
