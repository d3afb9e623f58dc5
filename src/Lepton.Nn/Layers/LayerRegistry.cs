using System.Reflection;

namespace Lepton.Nn.Layers;

/// <summary>
/// Maps the layer types stored in model files to code that rebuilds them. Built-in layers are known; register
/// a custom layer once (<c>LayerRegistry.Register&lt;MyLayer&gt;()</c>) and models using it save and load.
/// </summary>
public static class LayerRegistry
{
    private static readonly Dictionary<string, Func<LayerConfig, Layer>> Factories = Discover(typeof(Layer).Assembly);

    /// <summary>Registers <typeparamref name="T"/>, which must have a constructor taking a <see cref="LayerConfig"/>.</summary>
    public static void Register<T>() where T : Layer
    {
        var factory = FactoryFor(typeof(T)) ?? throw new ArgumentException(
            $"{typeof(T).Name} needs a constructor taking a LayerConfig to be registered (or use Register(typeName, factory)).");
        Register(typeof(T).Name, factory);
    }

    /// <summary>Registers a factory for layers stored under <paramref name="typeName"/>.</summary>
    public static void Register(string typeName, Func<LayerConfig, Layer> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(typeName);
        ArgumentNullException.ThrowIfNull(factory);
        lock (Factories) Factories[typeName] = factory;
    }

    /// <summary>True when layers of <paramref name="typeName"/> can be rebuilt.</summary>
    public static bool IsRegistered(string typeName)
    {
        lock (Factories) return Factories.ContainsKey(typeName);
    }

    /// <summary>Rebuilds a layer from its config.</summary>
    public static Layer Create(LayerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        Func<LayerConfig, Layer>? factory;
        lock (Factories) Factories.TryGetValue(config.Type, out factory);
        if (factory is null)
            throw new InvalidDataException(
                $"Layer '{config.Name}' has type '{config.Type}', which is not registered. If it is a custom layer, call LayerRegistry.Register<{config.Type}>() before loading.");
        try
        {
            return factory(config);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw new InvalidDataException($"Layer '{config.Name}' ({config.Type}) could not be rebuilt from its config: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Registers every layer type of <paramref name="assembly"/> that has a constructor taking a <see cref="LayerConfig"/>
    /// (a library of custom layers and models, such as Lepton.Zoo, registers itself in one call).
    /// </summary>
    public static void RegisterAll(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var found = Discover(assembly);
        lock (Factories)
        {
            foreach (var (name, factory) in found) Factories[name] = factory;
        }
    }

    private static Dictionary<string, Func<LayerConfig, Layer>> Discover(Assembly assembly)
    {
        var found = new Dictionary<string, Func<LayerConfig, Layer>>(StringComparer.Ordinal);
        foreach (var type in assembly.GetTypes().Where(t => typeof(Layer).IsAssignableFrom(t) && !t.IsAbstract))
        {
            if (FactoryFor(type) is { } factory) found[type.Name] = factory;
        }
        return found;
    }

    private static Func<LayerConfig, Layer>? FactoryFor(Type type)
    {
        var ctor = type.GetConstructor(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance, [typeof(LayerConfig)]);
        if (ctor is null) return null;
        return config =>
        {
            try
            {
                return (Layer)ctor.Invoke([config]);
            }
            catch (TargetInvocationException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        };
    }
}
