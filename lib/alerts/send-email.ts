import nodemailer from "nodemailer";
import type { EmailChannel } from "@/lib/alerts/settings-schema";

// Alert emails over SMTP with nodemailer. A failure is returned as a sentence, never thrown.

const TIMEOUT_MS = 15_000;

function sentence(error: unknown, channel: EmailChannel): string {
  const e = error as { code?: string; responseCode?: number; response?: string; message?: string };
  const where = `${channel.host}:${channel.port}`;
  const said = e.response ? ` It said: "${e.response.slice(0, 200)}".` : "";
  switch (e.code) {
    case "EAUTH":
      return `The SMTP server at ${where} refused the user name or password.${said} Check them in the alert settings.`;
    case "ENOAUTH":
      return `The SMTP server at ${where} asks for a user name and password. Enter them in the alert settings.`;
    case "ETIMEDOUT":
      return `The SMTP server at ${where} did not answer in time. Check the host and port, and that this server may connect to it.`;
    case "ECONNECTION":
    case "ESOCKET":
    case "EDNS":
      return `Could not talk to the SMTP server at ${where} (${e.message ?? e.code}). Check the host, port and security (TLS on 465, STARTTLS on 587).`;
    case "ETLS":
      return `The SMTP server at ${where} does not offer STARTTLS, which the alert settings require. Choose TLS, or a server that offers it.`;
    case "EENVELOPE":
      return `The SMTP server at ${where} refused the sender or a recipient.${said} Check the From and To addresses.`;
    default:
      return `Sending the alert email through ${where} failed${e.responseCode ? ` (${e.responseCode})` : ""}: ${e.message ?? "no reason given"}.`;
  }
}

export async function sendAlertEmail(channel: EmailChannel & { password: string | null }, subject: string, text: string): Promise<string | null> {
  const transport = nodemailer.createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.security === "tls",
    requireTLS: channel.security === "starttls",
    ignoreTLS: channel.security === "none",
    auth: channel.user ? { user: channel.user, pass: channel.password ?? "" } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    await transport.sendMail({ from: channel.from, to: channel.to, subject, text });
    return null;
  } catch (error) {
    return sentence(error, channel);
  } finally {
    transport.close();
  }
}
