namespace Lepton.Web;

/// <summary>A request the dashboard cannot answer, with the HTTP status to answer it with and a message for the user.</summary>
internal sealed class DashboardException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}
