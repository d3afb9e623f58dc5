using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Lepton.Web;

/// <summary>
/// Data Protection's key ring kept in memory: the dashboard's anti-forgery keys live as long as the process, and nothing
/// is written to the user's home (ASP.NET Core's default is ~/.aspnet/DataProtection-Keys, in plain XML).
/// </summary>
internal sealed class MemoryXmlRepository : IXmlRepository
{
    private readonly List<XElement> _elements = [];

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        lock (_elements) return _elements.Select(e => new XElement(e)).ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        lock (_elements) _elements.Add(new XElement(element));
    }
}
