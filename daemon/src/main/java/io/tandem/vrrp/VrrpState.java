package io.tandem.vrrp;

/**
 * The states of an instance: RFC 5798 §6.4's Initialize, Backup and Master, plus keepalived's
 * FAULT, entered while a tracked interface or script says this node must not serve.
 */
public enum VrrpState {
    INIT,
    BACKUP,
    MASTER,
    FAULT
}
