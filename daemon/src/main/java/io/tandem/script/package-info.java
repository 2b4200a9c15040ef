/**
 * Runs external programs the way keepalived does (MISC_CHECK, notify scripts, vrrp_script): a
 * command line split once at config time, script security, another user through setpriv, a timeout
 * that kills the whole process tree. Blocking; callers use virtual threads. Imports nothing of
 * Tandem but {@code common}.
 */
@NullMarked
package io.tandem.script;

import org.jspecify.annotations.NullMarked;
