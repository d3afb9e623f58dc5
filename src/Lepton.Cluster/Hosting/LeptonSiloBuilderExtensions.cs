using Lepton.Cluster.Placement;
using Lepton.Cluster.Tuning;
using Lepton.Tuning.Studies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Lepton.Cluster.Hosting;

/// <summary>Adds Lepton's grains to an Orleans silo, the way ASP.NET Core features compose.</summary>
public static class LeptonSiloBuilderExtensions
{
    /// <summary>
    /// Lets the silo run distributed studies: its trial worker, the studies' coordinators, and the <c>spec</c>
    /// objective of <c>lepton tune</c>. <paramref name="store"/> gives the study store every silo of the cluster shares
    /// (the tracking database); the silo disposes it if it is disposable.
    /// </summary>
    public static ISiloBuilder AddLeptonTuning(this ISiloBuilder builder, Func<IServiceProvider, IStudyStore> store)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(store);
        builder.Services.AddPlacementDirector<SiloKeyedPlacement, SiloKeyedPlacementDirector>();
        builder.Services.TryAddSingleton<IStudyStore>(store);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IClusterObjective, SpecObjective>());
        builder.Services.TryAddSingleton<StudyCatalog>();
        builder.Services.TryAddSingleton<TrialRunner>();
        return builder;
    }
}
